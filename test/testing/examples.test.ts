// The example tests (examples/tests, for examples/flows) pass, and reach every
// state, branch and Catch of every example flow: `npm test` runs them as a
// user would run `fnf test --coverage examples/`.
import { expect, test } from 'vitest';
import { runTest } from '../../src/testing/command.js';
import { ROOT } from '../helpers/cli.js';
import { testCtx } from '../helpers/ctx.js';

test('fnf test examples/ passes', async () => {
  const ctx = testCtx({ cwd: ROOT });
  const code = await runTest({ paths: ['examples'], output: 'json', reporter: 'text', coverage: true, jobs: 1 }, ctx);
  const report = JSON.parse(ctx.stdout.text);
  const failures = report.files.flatMap((f: { file: string; cases: Array<{ name: string; passed: boolean; problems: unknown }> }) =>
    f.cases.filter((c) => !c.passed).map((c) => ({ file: f.file, name: c.name, problems: c.problems })));
  expect(failures).toEqual([]);
  expect(code).toBe(0);
  expect(report.summary.files).toBe(4);
  const percent = Object.fromEntries(report.coverage.map((l: { flow: string; percent: number }) => [l.flow, l.percent]));
  expect(percent).toEqual({
    'examples/flows/orders.yaml': 100, 'examples/flows/hello.yaml': 100, 'examples/flows/approval.yaml': 100, 'examples/flows/legacy.yaml': 100,
  });
});
