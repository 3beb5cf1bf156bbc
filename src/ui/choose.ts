// The one place that picks a renderer, from the output mode, the terminal and
// the environment. The live view (Ink + React) is imported only when chosen.
import { canAnimate, type Ctx, type OutputMode } from '../context.js';
import { colors, headerLine } from './format.js';
import { loadLayoutEngine } from './live/layout-engine.js';
import { GitLabRenderer } from './ci/gitlab.js';
import { GitHubRenderer } from './github.js';
import { PlainRenderer } from './plain.js';
import type { FollowControls, RenderContext, Renderer } from './renderer.js';
import type { WatchUpdate } from '../watch/types.js';
import { JsonRenderer, NdjsonRenderer } from './stream.js';

export type { OutputMode };
export type RendererKind = 'json' | 'ndjson' | 'github' | 'gitlab' | 'live' | 'plain';

export function rendererKind(output: OutputMode, ctx: Ctx): RendererKind {
  if (output !== 'text') return output;
  if (ctx.env.GITHUB_ACTIONS === 'true') return 'github';
  if (ctx.env.GITLAB_CI === 'true') return 'gitlab';
  // Ink off a terminal, or in CI, prints only its last frame: a long watch would look hung.
  // With --quiet, the plain renderer prints the result and nothing of the way there.
  if (canAnimate(ctx) && !ctx.io.quiet) return 'live';
  return 'plain';
}

/** How long the live view waits, once Ink has loaded, for the watcher's first update (usually there already). */
const FIRST_UPDATE_WAIT_MS = 100;

const realDelay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

/**
 * Starts loading the live view's layout engine, to overlap the request the
 * caller sends next: yoga decodes and compiles its WebAssembly for a few ms of
 * the main thread, on the next turn of the event loop, when that request is on
 * its way. createRenderer() waits for it. (Ink and React take longer: they load
 * in createRenderer, once the watcher's first requests are out.)
 */
export function preloadRenderer(output: OutputMode, ctx: Ctx): void {
  if (rendererKind(output, ctx) === 'live') setImmediate(() => loadLayoutEngine().catch(() => undefined));
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * `startedAt`: when the execution started, as soon as it is known. The live
 * view prints its header line with it before Ink has loaded (Ink takes a
 * while), so the screen shows what is being watched at once; none when the
 * execution was never found (the error is then all there is to show).
 */
export async function createRenderer(
  output: OutputMode,
  ctx: Ctx,
  rc: RenderContext,
  controls: FollowControls,
  startedAt: Promise<number | undefined>,
  firstUpdate?: Promise<WatchUpdate | undefined>,
): Promise<Renderer> {
  switch (rendererKind(output, ctx)) {
    case 'json':
      return new JsonRenderer(ctx, rc);
    case 'ndjson':
      return new NdjsonRenderer(ctx, rc);
    case 'github':
      return new GitHubRenderer(ctx, rc);
    case 'gitlab':
      return new GitLabRenderer(ctx, rc);
    case 'plain':
      return new PlainRenderer(ctx, rc);
    case 'live': {
      const since = await startedAt;
      // Written before Ink renders anything, so it stays above Ink's redrawn area.
      if (since !== undefined) ctx.io.stderr.write(`${headerLine(rc.flowName, rc.executionName, since, colors(ctx.io.color))}\n`);
      // Ink and React initialise for some 15 ms of the main thread, in the bundle as soon as they are
      // imported: after a turn of the event loop, when the watcher's first requests are on their way.
      await nextTurn();
      const [{ LiveRenderer }] = await Promise.all([import('./live/live-renderer.js'), loadLayoutEngine()]);
      // Ink redraws at most MAX_FPS times a second: a first frame without the steps would hold them back.
      const initial = firstUpdate && (await Promise.race([firstUpdate, realDelay(FIRST_UPDATE_WAIT_MS)]));
      return new LiveRenderer(ctx, rc, controls, initial);
    }
  }
}
