// Picks the renderer of many executions from the output mode, the terminal
// and the environment, as ui/choose.ts does for one. Ink loads only for the live view.
import type { Ctx, OutputMode } from '../../context.js';
import { rendererKind } from '../choose.js';
import { loadLayoutEngine } from '../live/layout-engine.js';
import type { FollowControls, ManyContext, ManyRenderer } from '../renderer.js';
import { GitHubManyRenderer } from './github.js';
import { PlainManyRenderer } from './plain.js';
import { JsonManyRenderer, NdjsonManyRenderer } from './stream.js';

export async function createManyRenderer(output: OutputMode, ctx: Ctx, mc: ManyContext, controls: Pick<FollowControls, 'detach'>): Promise<ManyRenderer> {
  switch (rendererKind(output, ctx)) {
    case 'json':
      return new JsonManyRenderer(ctx, mc);
    case 'ndjson':
      return new NdjsonManyRenderer(ctx, mc);
    case 'github':
      return new GitHubManyRenderer(ctx, mc);
    // GitLab sections fold one execution's steps; many executions' steps interleave.
    case 'gitlab':
    case 'plain':
      return new PlainManyRenderer(ctx, mc);
    case 'live': {
      const [{ LiveManyRenderer }] = await Promise.all([import('./live-renderer.js'), loadLayoutEngine()]);
      return new LiveManyRenderer(ctx, mc, controls);
    }
  }
}
