// Completion of `fnf test`: its subcommand beside file names, its options'
// values (files, choices), and flows and executions for `test record`.
import { expect, it } from 'vitest';
import { complete, type DynamicSources } from '../../src/completion/candidates.js';
import { readLine } from '../../src/completion/line.js';
import { createProgram } from '../../src/program.js';
import { testCtx } from '../helpers/ctx.js';

const sources: DynamicSources = {
  flows: async () => ['orders', 'billing'],
  executions: async (flow) => (flow === 'orders' ? ['exec-1', 'exec-2'] : []),
  schedules: async () => [],
  profiles: async () => [],
};

async function offered(...words: string[]) {
  const result = await complete(readLine(await createProgram(testCtx()), words), sources);
  return { values: result.candidates.map((c) => c.value), directive: result.directive };
}

it('fnf test <Tab>: record (not the hidden worker), and file names', async () => {
  expect(await offered('test', '')).toEqual({ values: ['record'], directive: 'files' });
});

it('fnf test <path> <Tab>: file names only', async () => {
  expect(await offered('test', 'tests/', '')).toEqual({ values: [], directive: 'files' });
});

it('fnf test --<Tab>: its options', async () => {
  const { values } = await offered('test', '--');
  expect(values).toEqual(expect.arrayContaining(['--filter', '--output', '--reporter', '--junit-file', '--coverage', '--coverage-min', '--jobs']));
});

it('option values: choices for --reporter and --output, files for --junit-file', async () => {
  expect((await offered('test', '--reporter', '')).values).toEqual(['text', 'junit']);
  expect((await offered('test', '--output', '')).values).toEqual(['text', 'json']);
  expect((await offered('test', '--junit-file', '')).directive).toBe('files');
});

it('fnf test record <Tab> <Tab>: flows, then that flow\'s executions; -o and --flow-file take files', async () => {
  expect((await offered('test', 'record', '')).values).toEqual(['orders', 'billing']);
  expect((await offered('test', 'record', 'orders', 'exec-')).values).toEqual(['exec-1', 'exec-2']);
  expect((await offered('test', 'record', 'orders', 'exec-1', '-o', '')).directive).toBe('files');
  expect((await offered('test', 'record', 'orders', 'exec-1', '--flow-file', '')).directive).toBe('files');
});
