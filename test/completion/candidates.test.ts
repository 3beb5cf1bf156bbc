// What `fnf __complete` offers for a line, read from the real command tree
// (createProgram), with recorded dynamic sources.
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/program.js';
import { complete, formatCompletion, type DynamicSources } from '../../src/completion/candidates.js';
import { readLine } from '../../src/completion/line.js';
import { testCtx } from '../helpers/ctx.js';

const FLOWS = ['my_flow', 'my_other', 'billing'];
const EXECUTIONS: Record<string, string[]> = { my_flow: ['order-1', 'order-2', 'refund-1'], billing: ['b-1'] };

function recordingSources() {
  const asked: string[] = [];
  const sources: DynamicSources = {
    flows: async () => (asked.push('flows'), FLOWS),
    executions: async (flow) => (asked.push(`executions:${flow}`), EXECUTIONS[flow] ?? []),
    schedules: async (flow) => (asked.push(`schedules:${flow}`), flow === 'billing' ? ['nightly', 'hourly'] : []),
    profiles: async () => (asked.push('profiles'), ['default', 'dev', 'local']),
  };
  return { asked, sources };
}

async function offered(...words: string[]) {
  const { asked, sources } = recordingSources();
  const result = await complete(readLine(await createProgram(testCtx()), words), sources);
  return { values: result.candidates.map((c) => c.value), directive: result.directive, asked, result };
}

describe('static parts: no dynamic source is asked', () => {
  it('completes subcommands by prefix, with descriptions, hiding __complete', async () => {
    const st = await offered('st');
    expect(st.values).toEqual(['start', 'stop']);
    expect(st.result.candidates[0]!.description).toMatch(/\w/);
    expect(st.asked).toEqual([]);
    expect((await offered('')).values).toEqual(expect.arrayContaining(['start', 'wait', 'describe', 'stop', 'list', 'completion']));
    expect((await offered('__')).values).toEqual([]);
  });

  it('completes option names of the command and its ancestors, hidden ones left out', async () => {
    const { values, asked } = await offered('wait', 'f', 'x', '--');
    expect(values).toEqual(expect.arrayContaining(['--output', '--timeout', '--profile', '--endpoint']));
    expect(values.every((v) => v.startsWith('--'))).toBe(true);
    expect((await offered('wait', '-')).values).toEqual(expect.arrayContaining(['-o', '--output', '-p']));
    expect(asked).toEqual([]);
  });

  it('completes the choices of --output and --status, also written as --opt=value', async () => {
    expect((await offered('wait', '--output', '')).values).toEqual(['text', 'json', 'ndjson']);
    expect((await offered('wait', 'my_flow', '-o', 'j')).values).toEqual(['json']);
    expect((await offered('list', '--status', '')).values).toEqual(expect.arrayContaining(['Running', 'Succeeded', 'Failed', 'Stopped', 'TimedOut']));
    expect((await offered('list', '--status=F')).values).toEqual(['--status=Failed']);
    expect((await offered('completion', '')).values).toEqual(['bash', 'zsh', 'fish']);
  });

  it('asks the shell for file names after --input @ and --input-file, directories for local serve', async () => {
    expect(await offered('start', 'my_flow', '--input', '@or')).toMatchObject({ values: [], directive: 'at-files' });
    expect(await offered('start', 'my_flow', '--input', '{"a"')).toMatchObject({ values: [], directive: 'none' });
    expect((await offered('start', 'my_flow', '--input-file', '')).directive).toBe('files');
    expect((await offered('local', 'serve', '--flows', '')).directive).toBe('dirs');
    expect((await offered('local', 'serve', '--data', 'x')).directive).toBe('dirs');
  });

  it('treats words after -- as arguments and skips option values when counting them', async () => {
    expect((await offered('wait', '--', '-')).values).toEqual([]);
    expect((await offered('wait', '--timeout', '5m', '-o', 'json', 'my_flow', '')).asked).toEqual(['executions:my_flow']);
  });
});

describe('dynamic parts', () => {
  it('offers flow names for <flow>, and the executions of the flow typed earlier for <name>', async () => {
    expect(await offered('wait', 'my_')).toMatchObject({ values: ['my_flow', 'my_other'], asked: ['flows'] });
    expect(await offered('list', '')).toMatchObject({ values: FLOWS });
    expect(await offered('wait', 'my_flow', '')).toMatchObject({ values: ['@latest', '@latest-failed', ...EXECUTIONS.my_flow!], asked: ['executions:my_flow'] });
    expect((await offered('describe', '--profile', 'dev', 'my_flow', 'ord')).values).toEqual(['order-1', 'order-2']);
    expect((await offered('stop', 'billing', '')).values).toEqual(['@latest', '@latest-failed', 'b-1']);
    expect((await offered('start', '')).asked).toEqual(['flows']);
  });

  it('offers @latest, and every execution not yet typed to commands that take many; rerun and the new options', async () => {
    expect((await offered('rerun', 'my_flow', '@')).values).toEqual(['@latest', '@latest-failed']);
    expect((await offered('wait', 'my_flow', 'order-1', '@latest', '')).values).toEqual(['@latest-failed', 'order-2', 'refund-1']);
    expect((await offered('re')).values).toEqual(['rerun']);
    expect((await offered('wait', 'my_flow', '--')).values).toEqual(expect.arrayContaining(['--prefix', '--running', '--any', '--junit', '--query']));
    expect((await offered('start', 'my_flow', '--')).values).toEqual(expect.arrayContaining(['--each', '--junit', '--query']));
    expect((await offered('rerun', 'my_flow', 'x', '--')).values).toEqual(expect.arrayContaining(['--input', '--wait', '--junit', '--query', '--qualifier']));
    expect((await offered('wait', 'my_flow', '--junit', '')).directive).toBe('files');
    expect((await offered('list', '--query', '')).directive).toBe('none');
  });

  it('completes the flows and schedules commands: files, flow names (files or flow names for graph), schedule names of the flow typed', async () => {
    expect((await offered('flows', 'd')).values).toEqual(['deploy', 'diff', 'delete']);
    expect(await offered('flows', 'validate', '')).toMatchObject({ directive: 'files', asked: [] });
    // `flows graph` draws a file, or the deployed flow of that name (src/commands/flows-graph.ts): both are offered.
    expect(await offered('flows', 'graph', 'my')).toMatchObject({ values: ['my_flow', 'my_other'], directive: 'files', asked: ['flows'] });
    expect(await offered('flows', 'graph', 'x', '')).toMatchObject({ values: [], directive: 'none', asked: [] });
    expect((await offered('flows', 'show', 'my')).values).toEqual(['my_flow', 'my_other']);
    expect((await offered('flows', 'delete', 'my_flow', 'b')).values).toEqual(['billing']);
    expect((await offered('flows', 'deploy', '.', '--execution-mode', '')).values).toEqual(['Standard', 'Express']);
    expect((await offered('schedules', 'update', 'billing', 'n')).values).toEqual(['nightly']);
    expect((await offered('schedules', 'update', 'billing', 'nightly', '--')).values).toEqual(expect.arrayContaining(['--cron', '--enable', '--disable', '--payload']));
    expect((await offered('schedules', 'create', 'billing', 'x', '--payload', '@')).directive).toBe('at-files');
  });

  it('offers profile names after --profile and -p, anywhere on the line', async () => {
    expect((await offered('--profile', '')).values).toEqual(['default', 'dev', 'local']);
    expect((await offered('wait', '-p', 'd')).values).toEqual(['default', 'dev']);
    expect((await offered('list', '--profile=l')).values).toEqual(['--profile=local']);
  });
});

it('formats one candidate per line with a tab before the description, then the directive', () => {
  expect(formatCompletion({ candidates: [{ value: 'start', description: 'start it\nmore' }, { value: 'x' }], directive: 'files' }))
    .toBe('start\tstart it\nx\n:files\n');
});
