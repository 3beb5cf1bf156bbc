// `fnf test` through the built CLI (`npm run build` first): exit codes 0/1/2,
// the JUnit file, and cases spread over worker threads with their results in
// the order they were given.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeFlowsDir } from '../helpers/endpoint.js';
import { parseXml, readJUnit } from '../helpers/junit.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

const PASS_FLOW = 'Type: StateMachine\nSpecVersion: v1\nName: p\nStartAt: p\nStates:\n  - {Type: Pass, Name: p, End: true}\n';

describe('fnf test (built CLI)', () => {
  test('exit 0 when every case passes; the last line counts them', async () => {
    const r = await runCli(['test'], { cwd: FIXTURES });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ order › ships a paid order (2h01m virtual)');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed');
  });

  test('exit 1 when a case fails, with the JUnit file written', async () => {
    const d = writeFlowsDir({ 'p.yaml': PASS_FLOW, 'p.fnf-test.yaml': 'flow: p.yaml\ncases:\n  - name: wrong\n    input: {a: 1}\n    expect: {output: {a: 2}}\n' });
    const r = await runCli(['test', '--junit-file', 'junit.xml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✘ p › wrong');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(readFileSync(join(d, 'junit.xml'), 'utf8')).toContain('<failure type="output"');
  });

  test('a JUnit file that cannot be written is told on stderr; the exit code still says how the cases went', async () => {
    const d = writeFlowsDir({ 'p.yaml': PASS_FLOW, 'p.fnf-test.yaml': 'flow: p.yaml\ncases:\n  - name: ok\n    expect: {status: Succeeded}\n', blocker: '' });
    const r = await runCli(['test', '--junit-file', 'blocker/junit.xml'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('fnf: cannot write the JUnit report blocker/junit.xml: a file is in the way of its directory\n');
    expect(r.stdout).not.toContain('JUnit XML written');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed');
  });

  test('--quiet prints the failed cases and the counts only', async () => {
    const d = writeFlowsDir({ 'p.yaml': PASS_FLOW, 'p.fnf-test.yaml': 'flow: p.yaml\ncases:\n  - name: ok\n    input: {a: 1}\n    expect: {output: {a: 1}}\n  - name: wrong\n    input: {a: 1}\n    expect: {output: {a: 2}}\n' });
    const r = await runCli(['test', '-q'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('✔');
    expect(r.stdout).not.toContain('cases in');
    expect(r.stdout).toContain('✘ p › wrong');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });

  test('exit 2 for a bad test file, naming file, line and column of every problem', async () => {
    const d = writeFlowsDir({ 'p.yaml': PASS_FLOW, 'p.fnf-test.yaml': 'flow: p.yaml\ncases:\n  - name: x\n    mocks: {p: {output: 1}}\n  - name: x\n' });
    const r = await runCli(['test', 'p.fnf-test.yaml'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'p.fnf-test.yaml:4:16: cases[0].mocks.p: the flow has no Task state named "p" (a key is a Task state\'s name, fn:[<service>/]<function name> or action:<Service>:<Operation>)\n' +
      'p.fnf-test.yaml:5:11: cases[1].name: duplicate case name "x"\n' +
      'fnf: 2 problems in 1 of 2 files\n');
    expect(r.stdout).toBe('');
  });

  describe('a bad test file in the report CI reads', () => {
    const bad = () => writeFlowsDir({
      'p.yaml': PASS_FLOW,
      'p.fnf-test.yaml': 'flow: p.yaml\ncases:\n  - name: x\n    mocks: {p: {output: 1}}\n  - name: x\n',
      'broken.yaml': 'Type: StateMachine\nSpecVersion: v1\nName: broken\nStartAt: nowhere\nStates:\n  - {Type: Pass, Name: p, End: true}\n',
      'broken.fnf-test.yaml': 'flow: broken.yaml\ncases:\n  - name: y\n',
    });

    test('--output json prints the problems as flows validate does', async () => {
      const d = bad();
      const r = await runCli(['test', '--output', 'json'], { cwd: d });
      expect(r.code).toBe(2);
      const problems = JSON.parse(r.stdout);
      expect(problems).toEqual([
        { file: 'p.fnf-test.yaml', line: 4, column: 16, path: 'cases[0].mocks.p', message: expect.stringContaining('no Task state named "p"') },
        { file: 'p.fnf-test.yaml', line: 5, column: 11, path: 'cases[1].name', message: 'duplicate case name "x"' },
        { file: 'broken.yaml', line: 4, column: 10, path: 'StartAt', message: expect.stringContaining('nowhere') },
      ]);
      // The same shape, field for field, as the flow checker's own JSON.
      const validate = await runCli(['flows', 'validate', 'broken.yaml', '--output', 'json'], { cwd: d });
      expect(JSON.parse(validate.stdout)).toEqual([problems[2]]);
      // Told on stderr too, for whoever reads the job's log.
      expect(r.stderr).toContain('p.fnf-test.yaml:5:11: cases[1].name: duplicate case name "x"\n');
    });

    test('--query picks from those problems', async () => {
      const r = await runCli(['test', '--output', 'json', '--query', '[].path'], { cwd: bad() });
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toEqual(['cases[0].mocks.p', 'cases[1].name', 'StartAt']);
    });

    // GitLab shows each <testcase> (its classname as the suite, its file, the text of its <error>) and keeps one of
    // several with the same name (https://docs.gitlab.com/ci/testing/unit_test_reports/); GitHub's JUnit actions
    // annotate a failed or errored testcase at its file and line attributes (mikepenz/action-junit-report, src/testParser.ts).
    // A testsuite-level message reaches neither, so each problem is a testcase of its own.
    test('--junit-file holds one errored testcase per problem, at its file and line', async () => {
      const d = bad();
      const r = await runCli(['test', '--junit-file', 'reports/junit.xml'], { cwd: d });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const xml = readFileSync(join(d, 'reports/junit.xml'), 'utf8');
      const { cases, totals } = readJUnit(xml);
      expect(totals).toEqual({ tests: 3, failures: 0, errors: 3, skipped: 0 });
      expect(cases.map((c) => [c.suite, c.classname, c.outcome, c.detail])).toEqual([
        ['p.fnf-test.yaml', 'p.fnf-test.yaml', 'error', expect.stringMatching(/^p\.fnf-test\.yaml:4:16: cases\[0\]\.mocks\.p: the flow has no Task state named "p"/)],
        ['p.fnf-test.yaml', 'p.fnf-test.yaml', 'error', 'p.fnf-test.yaml:5:11: cases[1].name: duplicate case name "x"'],
        ['broken.yaml', 'broken.yaml', 'error', expect.stringMatching(/^broken\.yaml:4:10: StartAt: .*nowhere/)],
      ]);
      expect(new Set(cases.map((c) => c.name)).size).toBe(3);
      expect(cases[1]!.message).toBe('cases[1].name: duplicate case name "x"');
      const testcases = parseXml(xml).children[0]!.children.flatMap((s) => s.children);
      expect(testcases.map((t) => [t.attrs.file, t.attrs.line])).toEqual([['p.fnf-test.yaml', '4'], ['p.fnf-test.yaml', '5'], ['broken.yaml', '4']]);
    });

    test('--reporter junit without a file prints that report on stdout', async () => {
      const r = await runCli(['test', '--reporter', 'junit'], { cwd: bad() });
      expect(r.code).toBe(2);
      expect(readJUnit(r.stdout).totals).toEqual({ tests: 3, failures: 0, errors: 3, skipped: 0 });
    });
  });

  test('exit 2 for a path that does not exist', async () => {
    const r = await runCli(['test', 'no/such/dir'], { cwd: FIXTURES });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/dir: no such file or directory');
  });

  test('a long suite is shared with worker threads, and its results come back in order', async () => {
    // Each case maps over 100 items: 300 cases keep one thread busy long enough (a second or more) for a worker to start and join.
    const flow = 'Type: StateMachine\nSpecVersion: v1\nName: busy\nStartAt: each\nStates:\n  - Type: Map\n    Name: each\n    ItemsPath: $Input.items\n' +
      '    Processor:\n      StartAt: work\n      States:\n' +
      "        - {Type: Task, Name: work, Action: FC:InvokeFunction, Parameters: {resourceArn: 'acs:fc:::services/s/functions/busy', body.$: $Input}, End: true}\n" +
      '    OutputConstructor: {n.$: length($Output.Items)}\n    End: true\n';
    const items = JSON.stringify(Array.from({ length: 100 }, (_, i) => i));
    const cases = Array.from({ length: 300 }, (_, i) => `  - name: case ${i}\n    input: {items: ${items}}\n    mocks: {work: {output: ${i}}}\n    expect: {output: {n: 100}}\n`);
    const d = writeFlowsDir({ 'busy.yaml': flow, 'busy.fnf-test.yaml': `flow: busy.yaml\ncases:\n${cases.join('')}` });
    const r = await runCli(['test', '--jobs', '2', '--output', 'json'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ cases: 300, passed: 300, threads: 2 });
    expect(report.files[0].cases.map((c: { name: string }) => c.name)).toEqual(Array.from({ length: 300 }, (_, i) => `case ${i}`));
  });
});
