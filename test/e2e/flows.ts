// Flow definitions the CLI end-to-end tests run on the local endpoint.
import { startEndpoint, writeFlowsDir as writeFlowFiles, type Endpoint, type PopClient } from '../helpers/endpoint.js';

function stateMachine(name: string, states: string): string {
  return `Type: StateMachine\nSpecVersion: v1\nName: ${name}\nStartAt: ${/Name: (\S+)/.exec(states)![1]}\nStates:\n${states}`;
}

export const FLOWS = {
  three_steps: stateMachine('three_steps', `
  - Type: Pass
    Name: one
    Next: two
  - Type: Pass
    Name: two
    Next: three
  - Type: Pass
    Name: three
    End: true
`),
  /** Ends after `--time-scale`-scaled 2 s: long enough to measure how soon the CLI notices. */
  two_seconds: stateMachine('two_seconds', `
  - Type: Wait
    Name: pause
    Seconds: 2
    End: true
`),
  /** Runs for an hour unless stopped. */
  slow: stateMachine('slow', `
  - Type: Wait
    Name: nap
    Seconds: 3600
    End: true
`),
  /** Waits for `fnf task succeed|fail`. */
  callback: stateMachine('callback', `
  - Type: Task
    Name: approve
    Action: FC:InvokeFunction
    TaskMode: WaitForCustomCallback
    Parameters:
      resourceArn: acs:fc:::services/approvals.LATEST/functions/not_here
    End: true
`),
};

/** Created through CreateFlow by the tests, not loaded from the directory. */
export const FAILING_FLOW = stateMachine('fails', `
  - Type: Fail
    Name: boom
    Code: Boom
    Detail: it broke
`);

export function writeFlowsDir(): string {
  return writeFlowFiles(Object.fromEntries(Object.entries(FLOWS).map(([name, definition]) => [`${name}.yaml`, definition])));
}

/** The local endpoint serving FLOWS from a directory, with FAILING_FLOW created through CreateFlow. */
export async function startFlowsEndpoint(): Promise<{ ep: Endpoint; pop: PopClient }> {
  const ep = await startEndpoint({ flowsDir: writeFlowsDir() });
  const pop = ep.popClient();
  try {
    await pop.request('CreateFlow', { Name: 'fails', Definition: FAILING_FLOW, Type: 'FDL' }, { method: 'POST' });
  } catch (err) {
    await ep.stop();
    throw err;
  }
  return { ep, pop };
}
