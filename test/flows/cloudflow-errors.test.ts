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

// https://www.alibabacloud.com/help/en/serverless-workflow/latest/input-and-output: "The size of the input and
// output of a state cannot exceed 64 KiB ... the flow fails to be executed": the execution, not the state, so no
// Catch applies. The page names no error code.
describe('a state takes and gives at most 64 KiB', () => {
  /** An input whose JSON is `bytes` + 11 bytes long ({"text":"…"}). */
  const padded = (bytes: number) => ({ text: 'x'.repeat(bytes) });

  test.each([
    ['an input', 64 * 1024, 'its input is'],
    ['an output', 64 * 1024 - 11, 'its output is'],
  ])('%s over it fails the execution', async (_what, bytes, problem) => {
    const r = await run(flow(`
  - Type: Pass
    Name: first
    InputConstructor:
      text.$: $Input.text
    OutputConstructor:
      text.$: $Input.text
      more: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    Catch:
      - Errors: [FnF.ALL]
        Next: caught
    End: true
  - Type: Pass
    Name: caught
    End: true
`), padded(bytes));
    expect(r.result).toEqual({ status: 'Failed', error: 'FnF.StateDataLimitExceeded', cause: expect.stringContaining(`state "first": ${problem}`) });
  });

  test('a state just under it runs', async () => {
    const r = await run(flow(`
  - Type: Pass
    Name: first
    End: true
`), padded(64 * 1024 - 20));
    expect(r.result.status).toBe('Succeeded');
  });
});
