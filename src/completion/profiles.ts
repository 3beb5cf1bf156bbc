// Profile names for `--profile <Tab>`, from the same config sources `fnf profiles` lists.
import type { Ctx } from '../context.js';

/** Every profile name the config files (and the built-in "local") define, each once, in precedence order. */
export async function configuredProfileNames(ctx: Ctx): Promise<string[]> {
  const { loadSources } = await import('../config/sources.js');
  const sources = await loadSources(ctx);
  return [...new Set(sources.flatMap((s) => s.profiles.map((p) => p.name)))];
}
