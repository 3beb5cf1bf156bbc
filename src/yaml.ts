// The yaml package, loaded on first use: it is not on the start-up path.
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
