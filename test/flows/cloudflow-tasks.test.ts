// How a Task finds what answers it locally: the function a resourceArn names
// in its forms, a handler module named after the Action, and mocks (the format
// of fnf test files, as `fnf local serve --mocks` reads them): by state name,
// then fn:<function>, then action:<Action>, call by call, after a delay, as a
// callback task's report.
import { describe, expect, test } from 'vitest';
import { eventTypes } from '../local/engine/memory-host.js';
import { outputOf, refusal, run } from './cloudflow-run.js';

const task = (lines: string) => `
Type: StateMachine
Name: tasks
SpecVersion: v1
StartAt: call
States:
  - Type: Task
    Name: call
${lines}
    End: true
`;

describe('the function a resourceArn names', () => {
  test.each([
    'acs:fc:::services/demo.LATEST/functions/myFunction1',
    'acs:fc:cn-hangzhou:123456:functions/myFunction1/LATEST',
    'demo/myFunction1',
    'demo.LATEST/myFunction1',
  ])('%s', async (arn) => {
    const r = await run(task(`    Action: FC:InvokeFunction
    Parameters:
      resourceArn: ${arn}
      invocationType: Sync
      body: {testKey: k}
    OutputConstructor:
      received.$: $Output.Body.received`));
    expect(outputOf(r)).toEqual({ received: 'k' });
  });
});

describe('other Actions', () => {
  test('the handler gets the evaluated Parameters and names its Action and state', async () => {
    const r = await run(task(`    Action: EventBridge:PutEvents
    Parameters:
      Events.$: $Input.events`), { events: ['a', 'b'] });
    expect(outputOf(r)).toEqual({ EntryCount: 2, action: 'EventBridge:PutEvents', state: 'call' });
  });

  // help/en/serverless-workflow/latest/task-task: "Format: <ServiceName>:<APIOperation>".
  test('an Action not of the form Service:Operation is refused', () => {
    const err = refusal(task('    Action: not-an-action'));
    expect([err.where, err.line, err.message]).toEqual(['States[0].Action', 9, '"not-an-action" is not <Service>:<Operation> (for example FC:InvokeFunction)']);
  });
});

describe('mocks', () => {
  const fc = (name: string, fn: string, extra = '') => `  - Type: Task
    Name: ${name}
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/demo.LATEST/functions/${fn}
      body: {testKey: k}${extra}`;
  const flow = (...states: string[]) => `Type: StateMachine
Name: mocked
SpecVersion: v1
StartAt: call
States:
${states.join('\n')}
`;

  test.each([
    ['the state\'s name first', { call: { output: { by: 'state' } }, 'fn:myFunction1': { output: { by: 'fn' } }, 'action:FC:InvokeFunction': { output: { by: 'action' } } }, 'state'],
    ['then fn:<function>', { 'fn:myFunction1': { output: { by: 'fn' } }, 'action:FC:InvokeFunction': { output: { by: 'action' } } }, 'fn'],
    ['then action:<Action>, over the handler the function has', { 'action:FC:InvokeFunction': { output: { by: 'action' } } }, 'action'],
  ])('%s', async (_what, mocks, by) => {
    const r = await run(flow(fc('call', 'myFunction1', '\n    OutputConstructor: {by.$: $Output.Body.by}\n    End: true')), {}, mocks);
    expect(outputOf(r)).toEqual({ by });
  });

  test('a list answers call by call (a retry gets the next answer); the last one answers every further call', async () => {
    const r = await run(flow(
      fc('call', 'f', '\n    Retry: [{Errors: [Busy], MaxAttempts: 3, IntervalSeconds: 1}]\n    OutputConstructor: {n.$: $Output.Body.n}\n    Next: again'),
      fc('again', 'f', '\n    OutputConstructor: {n.$: $Output.Body.n}\n    Next: last'),
      fc('last', 'f', '\n    OutputConstructor: {n.$: $Output.Body.n}\n    End: true'),
    ), {}, {
      call: [{ error: { code: 'Busy', cause: 'try later' } }, { output: { n: 1 } }],
      'fn:f': [{ output: { n: 2 } }, { output: { n: 3 } }],
    });
    expect(eventTypes(r.exec).filter((t) => t === 'TaskFailed')).toHaveLength(1);
    expect([r.outputs.call, r.outputs.again, r.outputs.last]).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  test('after delays the answer, on the flow\'s clock (--time-scale), and a task Timeout can come first', async () => {
    // 1000 times faster: 5 min is 300 ms of real time; the 2 h answer would come long after the 60 s Timeout.
    const ok = await run(flow(fc('call', 'f', '\n    End: true')), {}, { call: { output: { done: true }, after: '5m' } });
    const [scheduled, succeeded] = ok.exec.events.filter((e) => e.Type === 'TaskScheduled' || e.Type === 'TaskSucceeded').map((e) => Date.parse(e.Time));
    expect(succeeded! - scheduled!).toBeGreaterThanOrEqual(290);
    const late = await run(flow(fc('call', 'f', '\n    Timeout: 60\n    End: true')), {}, { call: { output: {}, after: '2h' } });
    expect(late.result).toMatchObject({ status: 'Failed', error: 'FnF.Timeout' });
  });

  // help/en/serverless-workflow/latest/task-task: WaitForCustomCallback "waits for the callback" (ReportTaskSucceeded /
  // ReportTaskFailed with the task token); a mock answers as that report.
  test('a callback task gets its answer as the report on its token', async () => {
    const callback = (name: string, next: string) => fc(name, 'f', `\n    TaskMode: WaitForCustomCallback\n    ${next}`);
    const r = await run(flow(
      callback('call', 'Next: fails'),
      callback('fails', 'Catch: [{Errors: [Refused], Next: done}]\n    End: true'),
      '  - {Type: Pass, Name: done, End: true}',
    ), {}, { call: { output: { approved: true } }, fails: { error: { code: 'Refused', cause: 'no' } } });
    expect(r.outputs.call).toEqual({ approved: true });
    expect(r.entered).toEqual(['call', 'fails', 'done']);
    expect(r.exec.events.find((e) => e.Type === 'TaskFailed')?.EventDetail).toContain('"error":"Refused"');
  });

  test('a handler answer runs the module as the task\'s own handler: an Action\'s gets the Parameters', async () => {
    const r = await run(flow(`  - Type: Task
    Name: call
    Action: MNS:SendMessage
    Parameters:
      Events: [a, b]
    End: true`), {}, { 'action:MNS:SendMessage': { handler: 'EventBridge.PutEvents.mjs' } });
    expect(outputOf(r)).toEqual({ EntryCount: 2, action: 'MNS:SendMessage', state: 'call' });
  });
});
