// The live view on a terminal: Ink renders to stderr (stdout stays for the
// result). Loaded only through choose.ts's dynamic import, so Ink and React
// never slow down other commands.
import type { Instance } from 'ink';
import type { Ctx } from '../../context.js';
import type { WatchUpdate } from '../../watch/types.js';
import { colors } from '../format.js';
import type { FollowControls, FollowEnd, RenderContext, Renderer } from '../renderer.js';
import { prettyOutput } from '../result.js';
import { MAX_FPS, renderOnStderr, unmountAfterFinalFrame } from './ink.js';
import { LiveStore } from './store.js';
import { LiveView } from './view.js';


export class LiveRenderer implements Renderer {
  private readonly store = new LiveStore();
  private readonly instance: Instance;

  /** `initial`: the watcher's first update when it is already there, so that the first frame shows the steps. */
  constructor(
    private readonly ctx: Ctx,
    rc: RenderContext,
    controls: FollowControls,
    initial?: WatchUpdate,
  ) {
    if (initial) this.store.update(initial);
    this.instance = renderOnStderr(
      <LiveView
        store={this.store}
        rc={rc}
        controls={controls}
        c={colors(ctx.io.color)}
        now={ctx.clock.now}
        interactive={ctx.io.stdinIsTTY}
        showOutput={ctx.io.stdoutIsTTY}
      />,
      ctx,
      MAX_FPS,
    );
  }

  update(update: WatchUpdate): void {
    this.store.update(update);
  }

  async finish(end: FollowEnd): Promise<void> {
    this.store.end(end);
    await unmountAfterFinalFrame(this.instance);
    const { snapshot } = end;
    // On a terminal the view showed the output; a pipe or file gets it whole.
    if (end.kind === 'done' && snapshot?.execution.Status === 'Succeeded' && !this.ctx.io.stdoutIsTTY) {
      this.ctx.io.stdout.write(`${prettyOutput(snapshot.execution)}\n`);
    }
  }
}
