// `fnf test` run in-process (runTest with a test Ctx) on real files and the
// real engine: mocks by state, fn: and action:, call by call; virtual time for
// Waits, retries, task and execution timeouts and `after`; expectations and
// the text report with its diff; JSON, JUnit, --filter and coverage.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { TestOptions } from '../../src/commands/test.js';
import { runTest } from '../../src/testing/command.js';
import { diffLines } from '../../src/testing/expect.js';
import { runCase } from '../../src/testing/run-case.js';
import { loadSuite } from '../../src/testing/suite.js';
import { testCtx } from '../helpers/ctx.js';
import { writeFlowsDir } from '../helpers/endpoint.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

async function run(cwd: string, opts: Partial<TestOptions> = {}, env: Record<string, string> = {}) {
  const ctx = testCtx({ cwd, env });
  const code = await runTest({ paths: [], output: 'text', reporter: 'text', coverage: false, jobs: 1, ...opts }, ctx);
  return { code, stdout: ctx.stdout.text, stderr: ctx.stderr.text };
}

const cloudflow = (states: string) => `Type: StateMachine\nSpecVersion: v1\nName: f\nStartAt: ${/Name: (\w+)/.exec(states)![1]}\nStates:\n${states}`;
const task = (name: string, extra = '', fn = name) =>
  `  - Type: Task\n    Name: ${name}\n    Action: FC:InvokeFunction\n    Parameters: {resourceArn: 'acs:fc:::services/s/functions/${fn}'}\n${extra}`;

/** A directory holding the flow f.yaml of `states` and the test file f.fnf-test.yaml of `cases` (its text after `flow: f.yaml`), beside `others`. */
function flowDir(states: string, cases: string, others: Record<string, string> = {}): string {
  return writeFlowsDir({ 'f.yaml': cloudflow(states), 'f.fnf-test.yaml': `flow: f.yaml\n${cases}`, ...others });
}

/** Runs the cases under `d`, which must all pass, and returns the text report. */
async function passingRun(d: string): Promise<string> {
  const { code, stdout } = await run(d);
  expect(code).toBe(0);
  return stdout;
}

describe('the worked example', () => {
  test('passes, with each case on one line and its virtual duration, and ends with the counts', async () => {
    const stdout = await passingRun(FIXTURES);
    // 2 h for the approval plus the 60 s retry interval of reserve.
    expect(stdout).toContain('✔ order › ships a paid order (2h01m virtual)\n');
    expect(stdout).toContain('✔ order › a declined card fails the order (0ms virtual)\n');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed');
  });
});

describe('a failing case', () => {
  test('shows the output diff (compared keys only) and the path taken, and exits 1', async () => {
    const d = flowDir(
      task('charge', '    OutputConstructor: {paid.$: $Output.Body.paid, id: 7, extra: x}\n    End: true\n'),
      'cases:\n  - name: pays\n    mocks:\n      charge: {output: {paid: false}}\n    expect:\n      output: {paid: true, id: 7}\n      path: [charge, ship]\n',
    );
    const { code, stdout } = await run(d);
    expect(code).toBe(1);
    expect(stdout).toContain('✘ f › pays');
    expect(stdout).toContain('    f.fnf-test.yaml:3\n');
    expect(stdout).toContain('-   "paid": true,');
    expect(stdout).toContain('+   "paid": false,');
    expect(stdout).toContain('    "id": 7');
    expect(stdout).not.toContain('extra');
    expect(stdout).toContain('path: the run ended before ship');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  test('a task with no mock fails its case, naming the state and the keys that would answer it', async () => {
    const d = flowDir(
      task('charge', '    Catch: [{Errors: [FnF.ALL], Next: caught}]\n    End: true\n') + '  - {Type: Pass, Name: caught, End: true}\n',
      'cases: [{name: unmocked}]\n',
    );
    const { code, stdout } = await run(d);
    expect(code).toBe(1);
    expect(stdout).toContain('mock: task state "charge" has no mock: add one under mocks as "charge", "fn:s/charge", "fn:charge", "action:FC:InvokeFunction", or a handler');
  });

  test('a wrong status and error are both reported', async () => {
    const d = flowDir(
      '  - {Type: Fail, Name: boom, Code: Boom, Detail: it broke}\n',
      'cases:\n  - name: a\n    expect: {status: Succeeded}\n  - name: b\n    expect: {error: {code: Other, cause: mended}}\n',
    );
    const { code, stdout } = await run(d);
    expect(code).toBe(1);
    expect(stdout).toContain('status: expected Succeeded, got Failed (Boom: it broke)');
    expect(stdout).toContain('error: expected code Other, got Boom');
    expect(stdout).toContain('error: expected a cause containing "mended", got "it broke"');
  });
});

describe('the execution', () => {
  test('runs as its case name ($Context.Execution.Name), the same in every thread and run', async () => {
    const d = flowDir(
      '  - {Type: Pass, Name: p, OutputConstructor: {name.$: $Context.Execution.Name}, End: true}\n',
      'cases:\n  - name: ships a paid order!\n    expect: {output: {name: ships-a-paid-order}}\n',
    );
    await passingRun(d);
  });

  test('a handler that never answers fails its case after the real-time limit, naming the cause', async () => {
    const d = flowDir(
      task('hang', '    End: true\n'),
      'cases:\n  - name: hangs\n    mocks: {hang: {handler: hang.mjs}}\n',
      { 'hang.mjs': 'export const handler = () => new Promise(() => {});\n' },
    );
    const suite = loadSuite([join(d, 'f.fnf-test.yaml')], d);
    const file = suite.files[0]!;
    const result = await runCase(file.flow, file.test.cases[0]!, 50);
    expect(result.passed).toBe(false);
    expect(result.problems).toEqual([{ field: 'mock', message: 'a handler did not answer within 0.05 s of real time' }]);
  });
});

describe('virtual time', () => {
  test('a one-day Wait takes no real time and reports a day', async () => {
    const d = flowDir(
      '  - {Type: Wait, Name: day, Seconds: 86400, Next: done}\n  - {Type: Succeed, Name: done}\n',
      'cases: [{name: waits, expect: {path: [day, done]}}]\n',
    );
    const started = Date.now();
    const stdout = await passingRun(d);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stdout).toContain('(24h00m virtual)');
  });

  test('retry intervals back off on the virtual clock, and a list answers call by call', async () => {
    const d = flowDir(
      task('flaky', '    Retry: [{Errors: [Busy], MaxAttempts: 3, IntervalSeconds: 10, BackoffRate: 2}]\n    End: true\n'),
      'cases:\n  - name: third time\n    mocks:\n      flaky: [{error: {code: Busy}}, {error: {code: Busy}}, {output: {n: 3}}]\n    expect: {output: {Body: {n: 3}}}\n',
    );
    const stdout = await passingRun(d);
    // 10 s, then 20 s.
    expect(stdout).toContain('(30.0s virtual)');
  });

  test('an answer later than the task Timeout fails the task with FnF.Timeout', async () => {
    const d = flowDir(
      task('slow', '    Timeout: 60\n    End: true\n'),
      'cases:\n  - name: too slow\n    mocks: {slow: {output: {}, after: 2m}}\n    expect: {error: {code: FnF.Timeout}}\n',
    );
    const stdout = await passingRun(d);
    expect(stdout).toContain('(1m00s virtual)');
  });

  test('the execution timeout ends a case TimedOut', async () => {
    const d = flowDir(
      '  - {Type: Wait, Name: long, Seconds: 7200, End: true}\n',
      'cases:\n  - name: limit\n    timeout: 1h\n    expect: {status: TimedOut}\n',
    );
    const stdout = await passingRun(d);
    expect(stdout).toContain('✔ f › limit (1h00m virtual)');
  });

  test('a callback task gets its mock as a report, `after` the given time', async () => {
    const d = flowDir(
      task('ask', '    TaskMode: WaitForCustomCallback\n    End: true\n'),
      'cases:\n  - name: approved\n    mocks: {ask: {output: {approved: true}, after: 3h}}\n    expect: {output: {approved: true}}\n' +
        '  - name: refused\n    mocks: {ask: {error: {code: Refused, cause: no}, after: 1m}}\n    expect: {error: {code: Refused}}\n',
    );
    const stdout = await passingRun(d);
    expect(stdout).toContain('✔ f › approved (3h00m virtual)');
    expect(stdout).toContain('✔ f › refused (1m00s virtual)');
  });
});

describe('mock keys', () => {
  test('the state name comes first, then fn:<function>, then action:<Action>; the last answer of a list repeats', async () => {
    const keep = '    OutputConstructor: {items.$: $Input.items, before.$: $Input.got, got.$: $Output.Body}\n';
    const d = flowDir(
      `${task('other', `${keep}    Next: third\n`, 'pricer')}${task('third', `${keep}    Next: each\n`, 'x')}  - Type: Map
    Name: each
    ItemsPath: $Input.items
    Processor:
      StartAt: price
      States:
        - {Type: Task, Name: price, Action: FC:InvokeFunction, Parameters: {resourceArn: 'acs:fc:::services/s/functions/pricer'}, End: true}
    OutputConstructor: {other.$: $Input.before, third.$: $Input.got, prices.$: '$Output.Items[*].Body'}
    End: true
`,
      `cases:
  - name: keys
    input: {items: [1, 2, 3]}
    mocks:
      price: [{output: a}, {output: b}]
      fn:pricer: {output: from-fn}
      action:FC:InvokeFunction: {output: from-action}
`,
    );
    const { code, stdout, stderr } = await run(d, { output: 'json' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.files[0].cases[0].outcome).toEqual({
      status: 'Succeeded', output: { other: 'from-fn', third: 'from-action', prices: ['a', 'b', 'b'] }, path: ['other', 'third', 'each'],
    });
  });
});

describe('reports', () => {
  const failing = () => writeFlowsDir({
    'f.yaml': cloudflow('  - {Type: Pass, Name: p, Result: {v: 1}, End: true}\n'),
    'a.fnf-test.yaml': 'flow: f.yaml\ncases:\n  - name: good one\n  - name: bad <one>\n    expect: {output: {v: 2}}\n',
  });

  test('--output json is one document of every result', async () => {
    const { code, stdout } = await run(failing(), { output: 'json' });
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ files: 1, cases: 2, passed: 1, failed: 1 });
    expect(report.files[0]).toMatchObject({ file: 'a.fnf-test.yaml', flowFile: 'f.yaml', flow: 'f' });
    expect(report.files[0].cases[1]).toMatchObject({ name: 'bad <one>', passed: false, problems: [{ field: 'output' }] });
    expect(report.files[0].cases[1].reached).toBeUndefined();
  });

  test('--junit-file writes one testcase per case, grouped by file, with the diff in the failure', async () => {
    const d = failing();
    const { code, stdout } = await run(d, { reporter: 'junit', junitFile: 'reports/out.xml' });
    expect(code).toBe(1);
    expect(stdout).toContain('JUnit XML written to reports/out.xml');
    const xml = readFileSync(join(d, 'reports', 'out.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="fnf test" tests="2" failures="1"');
    expect(xml).toContain('<testsuite name="a.fnf-test.yaml" tests="2" failures="1"');
    expect(xml).toContain('<testcase name="good one" classname="f" file="a.fnf-test.yaml" line="3"');
    expect(xml).toContain('<testcase name="bad &lt;one&gt;"');
    expect(xml).toMatch(/<failure type="output" message="output: the output differs[^"]*">[^<]*-   "v": 2\n/);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });

  test('--filter runs only the cases whose name contains the text', async () => {
    const { code, stdout } = await run(failing(), { filter: 'good' });
    expect(code).toBe(0);
    expect(stdout).not.toContain('bad <one>');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed');
  });

  test('a --filter that matches nothing is a usage error', async () => {
    await expect(run(failing(), { filter: 'nothing like it' })).rejects.toThrow('no case name contains "nothing like it"');
  });

  test('a bad test file exits 2 with file:line:col, as flows validate tells problems, and runs nothing', async () => {
    const d = failing();
    writeFileSync(join(d, 'b.fnf-test.yaml'), 'flow: f.yaml\ncases:\n  - name: x\n    expect: {outptu: 1}\n');
    const { code, stdout, stderr } = await run(d);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // Two test files and the flow they share were read.
    expect(stderr).toBe('b.fnf-test.yaml:4:22: cases[0].expect.outptu: unknown key "outptu" (expected status, output, path, error)\nfnf: 1 problem in 1 of 3 files\n');
  });

  test('on GitHub Actions each problem of a bad test file is also an annotation', async () => {
    const d = failing();
    writeFileSync(join(d, 'b.fnf-test.yaml'), 'flow: f.yaml\ncases:\n  - name: x\n    expect: {outptu: 1}\n  - timeout: never\n');
    const { code, stderr } = await run(d, {}, { GITHUB_ACTIONS: 'true' });
    expect(code).toBe(2);
    expect(stderr.split('\n').filter((l) => l.startsWith('::error '))).toEqual([
      '::error file=b.fnf-test.yaml,line=4,col=22::cases[0].expect.outptu: unknown key "outptu" (expected status, output, path, error)',
      '::error file=b.fnf-test.yaml,line=5,col=5::cases[1]: missing name',
      '::error file=b.fnf-test.yaml,line=5,col=14::cases[1].timeout: must be a duration such as 90s, 2h, 1d or 1h30m (a number is seconds)',
    ]);
  });
});

describe('coverage', () => {
  const states = `  - Type: Choice
    Name: route
    Branches:
      - {Condition: $Input.n > 0, Next: work}
    Default: skip
${task('work', '    Catch: [{Errors: [Boom], Next: skip}]\n    End: true\n')}  - {Type: Succeed, Name: skip}
`;

  test('counts states, Choice branches and Catch rules, and lists what no case reached', async () => {
    const d = flowDir(states, 'cases:\n  - name: works\n    input: {n: 1}\n    mocks: {work: {output: {}}}\n');
    const { code, stdout } = await run(d, { coverage: true });
    expect(code).toBe(0);
    expect(stdout).toContain('  f.yaml: 3/6 (50.0%) — states 2/3, Choice branches 1/2, Catch rules 0/1\n');
    expect(stdout).toContain('    not reached:\n      route: Default → skip\n      work: Catch Boom → skip\n      skip\n');
  });

  test('--coverage-min fails the run below the figure, and passes at it', async () => {
    const d = flowDir(states, 'cases:\n  - name: works\n    input: {n: 1}\n    mocks: {work: {error: {code: Boom}}}\n');
    const below = await run(d, { coverage: true, coverageMin: 90 });
    expect(below.code).toBe(1);
    expect(below.stdout).toContain('coverage of f.yaml is 83.3%, below --coverage-min 90');
    expect((await run(d, { coverage: true, coverageMin: 83 })).code).toBe(0);
  });
});

describe('diffLines', () => {
  test('shows what was expected before what came, and keeps common lines', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual(['  a', '- b', '+ x', '  c']);
    expect(diffLines('a', 'a\nb')).toEqual(['  a', '+ b']);
    expect(diffLines('a\nb', 'b')).toEqual(['- a', '  b']);
    // The last line of one text is the same line as inside the other.
    expect(diffLines('a\nb', 'b\nc')).toEqual(['- a', '  b', '+ c']);
  });

  test('over pretty JSON, as a failing case shows it', () => {
    const json = (v: unknown) => JSON.stringify(v, null, 2);
    expect(diffLines(json({ id: 1, items: [1, 2] }), json({ id: 1, items: [1, 3] }))).toEqual([
      '  {', '    "id": 1,', '    "items": [', '      1,', '-     2', '+     3', '    ]', '  }',
    ]);
  });
});
