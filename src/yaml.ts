// The yaml package, loaded on first use: it is not on the start-up path.
import { MAX_NESTING, nestingDepth } from './nesting.js';

// Bundled as CommonJS, its exports arrive under `default`.
export type Yaml = typeof import('yaml');

export async function loadYaml(): Promise<Yaml> {
  const mod = await import('yaml');
  return (mod as unknown as { default?: Yaml }).default ?? mod;
}

/**
 * Options for every parse: yaml reports warnings (an unknown tag…) as Node
 * process warnings, which would reach the user's stderr as "(node:123) …".
 */
export const QUIET = { logLevel: 'error' } as const;

/** A text nested deeper than the parser can take (see nesting.ts): refused before it parses. */
export class YamlTooDeepError extends Error {
  constructor(readonly depth: number) {
    super(`nested too deeply (${depth} levels; at most ${MAX_NESTING})`);
  }
}

/** Parses YAML (or JSON) quietly, refusing text too deep for the parser before the parser sees it. */
export async function parseYaml(text: string): Promise<unknown> {
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING) throw new YamlTooDeepError(depth);
  const { parse } = await loadYaml();
  return parse(text, QUIET);
}
