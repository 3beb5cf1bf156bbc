// How a Task finds what answers it locally: the function a resourceArn names
// in its forms, a handler module named after the Action, a mock by state name
// before a mock by Action.
import { describe, expect, test } from 'vitest';
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

  test('a mock for the state wins over a mock for its Action, and over a handler', async () => {
    const mocks = new Map([
      ['EventBridge:PutEvents', { output: { by: 'action' } }],
      ['call', { output: { by: 'state' } }],
    ]);
    const r = await run(task(`    Action: EventBridge:PutEvents
    Parameters:
      Events: []`), {}, mocks);
    expect(outputOf(r)).toEqual({ by: 'state' });
  });

  // help/en/serverless-workflow/latest/task-task: "Format: <ServiceName>:<APIOperation>".
  test('an Action not of the form Service:Operation is refused', () => {
    const err = refusal(task('    Action: not-an-action'));
    expect([err.where, err.line, err.message]).toEqual(['States[0].Action', 9, '"not-an-action" is not <Service>:<Operation> (for example FC:InvokeFunction)']);
  });
});
