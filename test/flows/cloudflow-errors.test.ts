// Bad data in a CloudFlow run (an expression given the wrong type, a value
// that is not what a field takes) fails the state that met it, with one clear
// error that Retry and Catch see, and never the engine.
import { describe, expect, test } from 'vitest';
import { outputOf, run } from './cloudflow-run.js';

const flow = (states: string) => `
Type: StateMachine
Name: bad-data
SpecVersion: v1
StartAt: first
States:
${states}`;

describe('bad data fails the state, not the engine', () => {
  test('an ItemConstructor that fails on a later item fails the Map with that error', async () => {
    const r = await run(flow(`
  - Type: Map
    Name: first
    ItemsPath: $Input.items
    MaxConcurrency: 1
    ItemConstructor:
      negated.$: -$Item
    Processor:
      StartAt: p
      States:
        - Type: Pass
          Name: p
          End: true
    Catch:
      - Errors: [FnF.ALL]
        Next: caught
    End: true
  - Type: Pass
    Name: caught
    End: true
`), { items: [1, 'two'] });
    expect(outputOf(r)).toEqual({ Code: 'FnF.InvalidArgument', Detail: expect.stringContaining('needs a number') });
    expect(r.result.status).toBe('Succeeded');
  });

  test('a Catch whose OutputConstructor fails ends the execution with that error', async () => {
    const r = await run(flow(`
  - Type: Task
    Name: first
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/s/functions/customError
      invocationType: Sync
    Catch:
      - Errors: [FnF.ALL]
        Next: after
        OutputConstructor:
          bad.$: -$Context.Current.Error.Code
    End: true
  - Type: Pass
    Name: after
    End: true
`));
    // The expression's own error, not the engine's FnF.InternalError.
    expect(r.result).toMatchObject({ status: 'Failed', error: 'FnF.InvalidArgument', cause: expect.stringContaining('needs a number') });
    expect(r.entered).toEqual(['first']);
  });

  test.each([
    ['a Timeout.$ that is not a number of seconds', 'Timeout.$: $Input.timeout', { timeout: 'soon' }, 'Timeout.$ gave "soon"'],
    ['an invocationType.$ that is neither Sync nor Async', 'Parameters:\n      resourceArn: acs:fc:::services/s/functions/myFunction1\n      invocationType.$: $Input.how', { how: 'Later' }, 'invocationType "Later" is neither Sync nor Async'],
  ])('%s fails the task', async (_what, field, input, cause) => {
    const parameters = field.startsWith('Parameters') ? '' : '\n    Parameters:\n      resourceArn: acs:fc:::services/s/functions/myFunction1\n      invocationType: Sync';
    const r = await run(flow(`
  - Type: Task
    Name: first
    Action: FC:InvokeFunction
    ${field}${parameters}
    End: true
`), input);
    expect(r.result).toEqual({ status: 'Failed', error: 'FnF.InvalidArgument', cause: expect.stringContaining(cause) });
  });
});
