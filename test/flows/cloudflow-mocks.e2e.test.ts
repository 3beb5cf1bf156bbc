// `fnf local serve --mocks FILE` end to end: the built CLI starts a flow whose
// Tasks call DashScope, an FC function and MNS on an endpoint that has none of
// them, and gets the result the mocks file gives (the format of fnf test's
// mocks: by state name, fn:<function>, action:<Action>; a list call by call;
// `after` on the endpoint's --time-scale); a bad mocks file stops the server
// with one line naming its file and line. Needs the build (`npm run build`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';

const FLOW = `
Type: StateMachine
Name: summary
SpecVersion: v1
StartAt: fetch
States:
  - Type: Task
    Name: fetch
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/shop.LATEST/functions/fetchOrder
      invocationType: Sync
      body:
        id.$: $Input.id
    Retry:
      - Errors: [Busy]
        MaxAttempts: 2
        IntervalSeconds: 1
    OutputConstructor:
      lines.$: $Output.Body.lines
    Next: summarise
  - Type: Task
    Name: summarise
    Action: DashScope:QwenTextGeneration
    Parameters:
      prompt.$: $Input.lines
    OutputConstructor:
      text.$: $Output.output.text
    Next: notify
  - Type: Task
    Name: notify
    Action: MNS:SendMessage
    Parameters:
      QueueName: orders
    Catch:
      - Errors: [MNS.QueueNotExist]
        Next: done
        OutputConstructor:
          text.$: $Input.text
          notified.$: $Context.Current.Error.Detail
    End: true
  - Type: Pass
    Name: done
    End: true
`;

// The README's example.
const MOCKS = `
fn:fetchOrder:                  # any task calling this function: what the function returns
  - error: {code: Busy, cause: try again}     # the first call fails (Retry calls again)
  - output: {lines: [tea, cake]}              # every later call
summarise:                      # the state named summarise
  output: {output: {text: two lines}}
  after: 30s                    # answers 30 s later, on the endpoint's clock (--time-scale)
action:MNS:SendMessage:         # any task with this Action
  error: {code: MNS.QueueNotExist, cause: no queue named orders}
`;

function mocksFile(text: string): string {
  return join(writeFlowsDir({ 'mocks.yaml': text }), 'mocks.yaml');
}

let ep: Endpoint;
beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'summary.yaml': FLOW }), args: ['--mocks', mocksFile(MOCKS), '--time-scale', '100'] });
});
afterAll(async () => {
  await ep?.stop();
});

test('a flow calling services the endpoint lacks runs to the result the mocks give, each execution from its first answer', async () => {
  for (const id of [7, 8]) {
    const started = await runCli(['start', 'summary', '--input', `{"id": ${id}}`, '--wait', '--output', 'json'], { env: ep.cliEnv });
    expect(started.code).toBe(0);
    const execution = JSON.parse(started.stdout) as { Name: string; Status: string; Output: string };
    expect(execution.Status).toBe('Succeeded');
    expect(JSON.parse(execution.Output)).toEqual({ text: 'two lines', notified: 'no queue named orders' });
    const history = await runCli(['describe', 'summary', execution.Name, '--history', '--output', 'json'], { env: ep.cliEnv });
    const events = (JSON.parse(history.stdout) as { Events: Array<{ Type: string; StepName: string; Time: string }> }).Events;
    // The list answers each execution's calls in turn: its first fetch fails, the retry gets the output.
    expect(events.filter((e) => e.StepName === 'fetch' && e.Type === 'TaskFailed')).toHaveLength(1);
    // 30 s at --time-scale 100 is 300 ms.
    const summarise = events.filter((e) => e.StepName === 'summarise' && (e.Type === 'TaskScheduled' || e.Type === 'TaskSucceeded')).map((e) => Date.parse(e.Time));
    expect(summarise[1]! - summarise[0]!).toBeGreaterThanOrEqual(290);
  }
});

test('a bad mocks file stops fnf local serve with one line naming its file and line', async () => {
  const file = mocksFile('summarise:\n  output: {}\nfetch:\n  result: 1\n');
  const res = await runCli(['local', 'serve', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'fnf-data-')), '--mocks', file]);
  expect(res.code).toBe(2);
  expect(res.stderr).toBe(`fnf: ${file}:4: fetch.result: unknown key "result" (expected output, error, handler, after)\n`);
});
