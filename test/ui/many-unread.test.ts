// Ends told before their last steps were read (many at once outrun the
// request budget): the plain and NDJSON views of many say so once, at the end.
import { describe, expect, it } from 'vitest';
import type { Execution } from '../../src/api/types.js';
import { PlainManyRenderer } from '../../src/ui/many/plain.js';
import { NdjsonManyRenderer } from '../../src/ui/many/stream.js';
import type { ManyContext, ManyRenderer } from '../../src/ui/renderer.js';
import type { Snapshot } from '../../src/watch/types.js';
import { testCtx } from '../helpers/ctx.js';

const T0 = '2026-01-02T03:04:05.000Z';
const T1 = '2026-01-02T03:04:07.000Z';

function ended(name: string): Snapshot {
  const execution: Execution = { Name: name, FlowName: 'demo', Status: 'Succeeded', StartedTime: T0, StoppedTime: T1, Output: '{}' };
  return { flowName: 'demo', executionName: name, execution, steps: [], startedAt: Date.parse(T0), endedAt: Date.parse(T1), done: true };
}

const mc = (names: string[]): ManyContext => ({
  flowName: 'demo', names, resumeCommand: (p) => `fnf wait demo ${p.join(' ')}`, historyCommand: (n) => `fnf describe demo ${n} --history`,
});

async function render(make: (ctx: ReturnType<typeof testCtx>, m: ManyContext) => ManyRenderer, unread: string[]) {
  const names = ['a', 'b', 'c'];
  const ctx = testCtx();
  const renderer = make(ctx, mc(names));
  for (const name of names) renderer.update({ snapshot: ended(name), events: [], ...(unread.includes(name) ? { unread: true } : {}) });
  await renderer.finish({ kind: 'done', snapshots: names.map(ended) });
  return ctx.stderr.text;
}

describe.each([
  ['plain', (ctx: ReturnType<typeof testCtx>, m: ManyContext) => new PlainManyRenderer(ctx, m)],
  ['ndjson', (ctx: ReturnType<typeof testCtx>, m: ManyContext) => new NdjsonManyRenderer(ctx, m)],
])('%s view of many', (_kind, make) => {
  it('names the executions whose last steps were not read, and where they are', async () => {
    expect(await render(make, ['b', 'c'])).toContain(
      '2 executions ended at once, before their last steps were read (the request budget is shared); each one\'s are in fnf describe, e.g. fnf describe demo b --history\n');
    expect(await render(make, ['c'])).toContain('c ended before its last steps were read; they are in: fnf describe demo c --history\n');
  });

  it('says nothing when every end came with its history', async () => {
    expect(await render(make, [])).not.toContain('were read');
  });
});
