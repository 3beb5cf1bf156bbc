// Many executions on a terminal: Ink on stderr, one row per execution.
// Loaded only through many/choose.ts's dynamic import.
import type { Instance } from 'ink';
import type { Ctx } from '../../context.js';
import type { Snapshot, WatchUpdate } from '../../watch/types.js';
import { colors } from '../format.js';
import { listRows, MAX_FPS, renderOnStderr, unmountAfterFinalFrame } from '../live/ink.js';
import type { FollowControls, ManyContext, ManyEnd, ManyRenderer } from '../renderer.js';
import { LiveManyStore, LiveManyView, shownRunning } from './live-view.js';
import { statusLines } from './summary.js';

export class LiveManyRenderer implements ManyRenderer {
  private readonly store: LiveManyStore;
  private readonly instance: Instance;
  private readonly maxRunningRows: number;
  private shown?: { latest: ReadonlyMap<string, Snapshot>; names: ReadonlySet<string> };

  constructor(
    private readonly ctx: Ctx,
    private readonly mc: ManyContext,
    controls: Pick<FollowControls, 'detach'>,
  ) {
    this.store = new LiveManyStore(mc.names);
    this.maxRunningRows = listRows(ctx);
    this.instance = renderOnStderr(
      <LiveManyView store={this.store} mc={mc} controls={controls} c={colors(ctx.io.color)} now={ctx.clock.now}
        interactive={ctx.io.stdinIsTTY} maxRunningRows={this.maxRunningRows} />,
      ctx,
      MAX_FPS,
    );
  }

  /** The current step of the running rows on screen; the failed step of an execution that did not succeed. */
  wantsHistory(snapshot: Snapshot): boolean {
    if (snapshot.done) return snapshot.execution.Status !== 'Succeeded';
    return this.shownNames().has(snapshot.executionName);
  }

  /**
   * The running rows on screen, worked out once per state of the store: the watch asks about
   * every execution each time it picks the next history to read (a thousand of them, each
   * asking anew, took some 50 ms).
   */
  private shownNames(): ReadonlySet<string> {
    const { latest } = this.store.get();
    if (this.shown?.latest !== latest) this.shown = { latest, names: new Set(shownRunning(this.store.names, latest, this.maxRunningRows)) };
    return this.shown.names;
  }

  update(update: WatchUpdate): void {
    this.store.update(update);
  }

  async finish(end: ManyEnd): Promise<void> {
    this.store.end(end);
    await unmountAfterFinalFrame(this.instance);
    // A pipe or file gets the results as the plain renderer writes them.
    if (!this.ctx.io.stdoutIsTTY && end.kind !== 'unread') {
      this.ctx.io.stdout.write(statusLines(this.mc.names, this.store.get().latest));
    }
  }
}
