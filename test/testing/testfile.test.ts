// The test-file loader: what a good file becomes, and the file:line:col of
// every kind of mistake (unknown key, wrong type, bad duration, a mock for a
// state the flow doesn't have, a missing handler, a bad flow), every one of a
// file at once.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/commands/flow-files.js';
import { BadTestFilesError, loadSuite } from '../../src/testing/suite.js';
import { DEFAULT_TIMEOUT_MS } from '../../src/testing/testfile.js';
import { writeFlowsDir } from '../helpers/endpoint.js';

const FLOW = `Type: StateMachine
SpecVersion: v1
StartAt: work
States:
  - Type: Task
    Name: work
    Action: FC:InvokeFunction
    Parameters: {resourceArn: 'acs:fc:::services/s/functions/f'}
    End: true
`;

/** A directory with flow.yaml and the test file `t.fnf-test.yaml`; returns the problems loading it, or the suite. */
function load(testText: string, flowText = FLOW) {
  const dir = writeFlowsDir({ 'flow.yaml': flowText, 'h.mjs': 'export const handler = () => ({});\n', 't.fnf-test.yaml': testText });
  try {
    return { suite: loadSuite([join(dir, 't.fnf-test.yaml')], dir), problems: [] as string[] };
  } catch (err) {
    if (!(err instanceof BadTestFilesError)) throw err;
    return { suite: undefined, problems: err.files.flatMap((f) => f.problems).map(formatProblem) };
  }
}

describe('a good file', () => {
  test('becomes cases with mocks in call order, durations in ms, and default expectations', () => {
    const { suite, problems } = load(`flow: flow.yaml
cases:
  - name: first
    input: {a: 1}
    mocks:
      work:
        - {error: {code: Busy}}
        - {output: {ok: true}, after: 2h}
      fn:f: {handler: h.mjs}
    timeout: 1d
  - name: second
    expect: {error: {code: Boom}}
`);
    expect(problems).toEqual([]);
    const [first, second] = suite!.files[0]!.test.cases;
    expect(first!.line).toBe(3);
    expect(first!.input).toEqual({ a: 1 });
    expect(first!.mocks.get('work')).toEqual([
      { kind: 'error', code: 'Busy', cause: '', afterMs: 0 },
      { kind: 'output', output: { ok: true }, afterMs: 7_200_000 },
    ]);
    expect(first!.mocks.get('fn:f')![0]).toMatchObject({ kind: 'handler', file: expect.stringMatching(/h\.mjs$/) });
    expect(first!.timeoutMs).toBe(86_400_000);
    expect(first!.expect).toEqual({ status: 'Succeeded' });
    expect(second!.line).toBe(11);
    expect(second!.input).toEqual({});
    expect(second!.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    // An expected error means a Failed end unless the status says otherwise.
    expect(second!.expect).toEqual({ status: 'Failed', error: { code: 'Boom', cause: undefined } });
  });

  test('JSON test files read the same', () => {
    const { problems } = load('{"flow": "flow.yaml", "cases": [{"name": "j", "mocks": {"work": {"output": {}}}}]}');
    expect(problems).toEqual([]);
  });
});

describe('a bad file names its line and column', () => {
  test.each([
    ['an unknown top-level key', 'flow: flow.yaml\ncases: [{name: a}]\nextra: 1\n', 't.fnf-test.yaml:3:8: extra: unknown key "extra" (expected flow, cases)'],
    ['an unknown case key', 'flow: flow.yaml\ncases:\n  - name: a\n    inputs: {}\n', 't.fnf-test.yaml:4:13: cases[0].inputs: unknown key "inputs"'],
    ['a wrong type', 'flow: flow.yaml\ncases:\n  - name: a\n    input: [1]\n', 't.fnf-test.yaml:4:12: cases[0].input: must be a mapping'],
    ['a bad status', 'flow: flow.yaml\ncases:\n  - name: a\n    expect:\n      status: Done\n', 't.fnf-test.yaml:5:15: cases[0].expect.status: must be one of Succeeded, Failed, TimedOut'],
    ['a bad duration', 'flow: flow.yaml\ncases:\n  - name: a\n    mocks:\n      work: {output: 1, after: soon}\n', 't.fnf-test.yaml:5:32: cases[0].mocks.work.after: must be a duration'],
    ['two answers in one', 'flow: flow.yaml\ncases:\n  - name: a\n    mocks:\n      work: {output: 1, error: {code: X}}\n', 'must have exactly one of output, error or handler (has output and error)'],
    ['a mock for no state', 'flow: flow.yaml\ncases:\n  - name: a\n    mocks:\n      wrok: {output: 1}\n', 't.fnf-test.yaml:5:13: cases[0].mocks.wrok: the flow has no Task state named "wrok"'],
    ['an Action without action:', 'flow: flow.yaml\ncases:\n  - name: a\n    mocks:\n      FC:InvokeFunction: {output: 1}\n',
      't.fnf-test.yaml:5:26: cases[0].mocks.FC:InvokeFunction: the flow has no Task state named "FC:InvokeFunction" (a key is a Task state\'s name, fn:[<service>/]<function name> or action:<Service>:<Operation>); for every task with the Action FC:InvokeFunction, write action:FC:InvokeFunction'],
    ['a missing handler', 'flow: flow.yaml\ncases:\n  - name: a\n    mocks:\n      work: {handler: nope.mjs}\n', 't.fnf-test.yaml:5:23: cases[0].mocks.work.handler: no such file'],
    ['a duplicate case name', 'flow: flow.yaml\ncases:\n  - name: a\n  - name: a\n', 't.fnf-test.yaml:4:11: cases[1].name: duplicate case name "a"'],
    ['no cases', 'flow: flow.yaml\ncases: []\n', 't.fnf-test.yaml:2:8: cases: must not be empty'],
    ['cases missing', 'flow: flow.yaml\n', 't.fnf-test.yaml:1:1: missing cases'],
    ['YAML that does not parse', 'flow: flow.yaml\ncases: [\n', 't.fnf-test.yaml:'],
    ['a missing flow', 'flow: gone.yaml\ncases: [{name: a}]\n', 'gone.yaml: cannot read the flow: no such file'],
  ])('%s', (_what, text, message) => {
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  test('a bad flow is named with its own file, line and column', () => {
    const { problems } = load('flow: flow.yaml\ncases: [{name: a}]\n', 'Type: StateMachine\nSpecVersion: v1\nStartAt: nowhere\nStates:\n  - {Type: Pass, Name: a, End: true}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^flow\.yaml:3:10: StartAt: /);
  });

  test('every problem of a bad flow is named, as flows validate names them', () => {
    const flow = 'Type: StateMachine\nSpecVersion: v1\nStartAt: a\nStates:\n  - {Type: Pass, Name: a, Next: nowhere}\n  - {Type: Wait, Name: w, Seconds: -1, End: true}\n';
    const { problems } = load('flow: flow.yaml\ncases: [{name: a}]\n', flow);
    expect(problems).toEqual([
      expect.stringMatching(/^flow\.yaml:5:33: States\[0\]\.Next: no state named "nowhere"/),
      expect.stringMatching(/^flow\.yaml:6:36: States\[1\]\.Seconds: must be a number >= 0/),
    ]);
  });
});

describe('every mistake of a file is named at once', () => {
  test('unknown keys, a case without a name, a mock for no state, bad expectations: in the order of the file', () => {
    const { problems } = load(`flow: flow.yaml
owner: me
cases:
  - input: {a: 1}
    mocks:
      wrok: {output: 1}
      work: [{output: 1}, {after: soon, output: 2}]
    expect: {status: Done, outptu: 1}
  - name: second
    inputs: {}
    timeout: forever
    expect:
      path: [work, '']
      error: {code: X, reason: Y}
`);
    expect(problems).toEqual([
      't.fnf-test.yaml:2:8: owner: unknown key "owner" (expected flow, cases)',
      't.fnf-test.yaml:4:5: cases[0]: missing name',
      expect.stringMatching(/^t\.fnf-test\.yaml:6:13: cases\[0\]\.mocks\.wrok: the flow has no Task state named "wrok" \(a key is /),
      't.fnf-test.yaml:7:35: cases[0].mocks.work[1].after: must be a duration such as 90s, 2h, 1d or 1h30m (a number is seconds)',
      't.fnf-test.yaml:8:22: cases[0].expect.status: must be one of Succeeded, Failed, TimedOut',
      't.fnf-test.yaml:8:36: cases[0].expect.outptu: unknown key "outptu" (expected status, output, path, error)',
      't.fnf-test.yaml:10:13: cases[1].inputs: unknown key "inputs" (expected name, input, mocks, expect, timeout)',
      't.fnf-test.yaml:11:14: cases[1].timeout: must be a duration such as 90s, 2h, 1d or 1h30m (a number is seconds)',
      't.fnf-test.yaml:13:20: cases[1].expect.path[1]: must be a state name',
      't.fnf-test.yaml:14:32: cases[1].expect.error.reason: unknown key "reason" (expected code, cause)',
    ]);
  });

  test("a test file's mistakes and its flow's are both named, each with its own file", () => {
    const flow = 'Type: StateMachine\nSpecVersion: v1\nStartAt: nowhere\nStates:\n  - {Type: Pass, Name: a, End: true}\n';
    const { problems } = load('flow: flow.yaml\nextra: 1\ncases:\n  - name: a\n    input: [1]\n', flow);
    expect(problems).toEqual([
      't.fnf-test.yaml:2:8: extra: unknown key "extra" (expected flow, cases)',
      't.fnf-test.yaml:5:12: cases[0].input: must be a mapping (the execution input is a JSON object)',
      'flow.yaml:3:10: StartAt: no state named "nowhere" in this scope',
    ]);
  });
});
