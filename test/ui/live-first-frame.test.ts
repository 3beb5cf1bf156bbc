// The live view's first frame already shows the steps when the watcher's first
// update is there before Ink draws (choose.ts waits briefly for it): Ink redraws
// at most MAX_FPS times a second, so a blank first frame would hold the steps back.
import { EventEmitter } from 'node:events';
import { afterEach, expect, it, vi } from 'vitest';
import type { Execution } from '../../src/api/types.js';
import { LiveRenderer } from '../../src/ui/live/live-renderer.js';
import type { RenderContext } from '../../src/ui/renderer.js';
import { StepTree } from '../../src/watch/tree.js';
import type { WatchUpdate } from '../../src/watch/types.js';
import { testCtx } from '../helpers/ctx.js';
import { T0, historyOf, tenMinuteWait } from '../watch/scripts.js';

/** A terminal-sized stream that keeps every write. */
class Screen extends EventEmitter {
  columns = 100;
  rows = 30;
  isTTY = true;
  writes: string[] = [];
  write(text: string): boolean {
    this.writes.push(text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ''));
    return true;
  }
}

const rc: RenderContext = {
  flowName: 'demo', executionName: 'exec1', resumeCommand: 'fnf wait demo exec1',
  describeCommand: 'fnf describe demo exec1 --output json', historyCommand: 'fnf describe demo exec1 --history',
};

function firstUpdate(): WatchUpdate {
  const events = historyOf(tenMinuteWait, 1_000);
  const tree = new StepTree();
  for (const ev of events) tree.apply(ev);
  const execution: Execution = { Name: 'exec1', FlowName: 'demo', Status: 'Running', StartedTime: new Date(T0).toISOString() };
  return { snapshot: { flowName: 'demo', executionName: 'exec1', execution, steps: tree.steps, startedAt: T0, done: false }, events };
}

const renderers: LiveRenderer[] = [];
afterEach(async () => {
  for (const r of renderers.splice(0)) await r.finish({ kind: 'detached' });
});

function firstFrame(initial?: WatchUpdate): string {
  const screen = new Screen();
  const ctx = testCtx();
  ctx.io.stderr = screen as unknown as NodeJS.WritableStream;
  renderers.push(new LiveRenderer(ctx, rc, { detach: vi.fn(), stop: vi.fn(async () => undefined) }, initial));
  return screen.writes.join('');
}

it('draws the steps of an update given at creation in its first frame, and none without one', () => {
  const step = firstUpdate().snapshot.steps[0]!.name;
  expect(firstFrame(firstUpdate())).toContain(step);
  expect(firstFrame()).not.toContain(step);
});
