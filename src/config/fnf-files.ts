// fnf's own config files: the project file found by cosmiconfig from the
// working directory up to HOME, and the user file ~/.config/fnf/config.yaml.
// Both share one shape: {defaultProfile?, profiles: {name: {...}}}.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Env } from '../context.js';
import { UsageError } from '../errors.js';
import { configDir } from '../paths.js';
import { parseJsonFile, parseYamlFile } from './parse.js';
import type { ConfigSource, OutputMode, ProfileDef, SourceKind } from './types.js';
import { isRecord } from '../is-record.js';

// fnf.config.ts is left out: cosmiconfig 9 needs the `typescript` package to load it.
export const SEARCH_PLACES = [
  'package.json',
  '.fnfrc',
  '.fnfrc.json',
  '.fnfrc.yaml',
  '.fnfrc.yml',
  'fnf.config.js',
  'fnf.config.mjs',
  'fnf.config.cjs',
];

const STRING_KEYS = ['region', 'endpoint', 'accessKeyId', 'accessKeySecret', 'accessKeySecretEnv', 'securityToken',
  'credentialProcess', 'timeout'] as const;
const OUTPUT_MODES: readonly OutputMode[] = ['text', 'json', 'ndjson'];

/** Checks the shape of a loaded fnf config; every complaint names the file and the key. */
export function toSource(kind: SourceKind, file: string, raw: unknown): ConfigSource {
  if (raw === null || raw === undefined) return { kind, path: file, profiles: [] };
  if (!isRecord(raw)) throw new UsageError(`${file}: expected a mapping with "profiles" (and optionally "defaultProfile")`);
  for (const key of Object.keys(raw)) {
    if (key !== 'profiles' && key !== 'defaultProfile') throw new UsageError(`${file}: unknown key "${key}" (expected profiles, defaultProfile)`);
  }
  if (raw.defaultProfile !== undefined && typeof raw.defaultProfile !== 'string') {
    throw new UsageError(`${file}: defaultProfile must be a profile name`);
  }
  if (raw.profiles !== undefined && !isRecord(raw.profiles)) throw new UsageError(`${file}: profiles must be a mapping of name to profile`);
  const profiles = Object.entries(raw.profiles ?? {}).map(([name, body]) => toProfileDef(file, name, body));
  return { kind, path: file, defaultProfile: raw.defaultProfile, profiles };
}

function toProfileDef(file: string, name: string, body: unknown): ProfileDef {
  const at = `${file}: profiles.${name}`;
  if (!isRecord(body)) throw new UsageError(`${at}: expected a mapping`);
  const def: ProfileDef = { name };
  for (const [key, value] of Object.entries(body)) {
    if (key === 'output') {
      if (!OUTPUT_MODES.includes(value as OutputMode)) throw new UsageError(`${at}.output: expected one of ${OUTPUT_MODES.join(', ')}`);
      def.output = value as OutputMode;
    } else if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'string' || value === '') throw new UsageError(`${at}.${key}: expected a non-empty string`);
      def[key as (typeof STRING_KEYS)[number]] = value;
    } else {
      throw new UsageError(`${at}: unknown key "${key}" (expected ${[...STRING_KEYS, 'output'].join(', ')})`);
    }
  }
  if (def.accessKeySecret && def.accessKeySecretEnv) throw new UsageError(`${at}: give accessKeySecret or accessKeySecretEnv, not both`);
  return def;
}

/** The directories searched for a project config: from `cwd` up to `home` (inclusive), or to the root. */
function* searchDirs(cwd: string, home: string): Generator<string> {
  const stop = resolve(home);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    yield dir;
    if (dir === stop || dirname(dir) === dir) return;
  }
}

/**
 * Whether any place cosmiconfig would look at exists. Most directories have
 * none, and then loading cosmiconfig and its parsers (about 160 KB) is skipped.
 */
function anyCandidate(cwd: string, home: string): boolean {
  for (const dir of searchDirs(cwd, home)) {
    for (const place of SEARCH_PLACES) {
      const file = join(dir, place);
      if (!existsSync(file)) continue;
      if (place !== 'package.json') return true;
      try {
        const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (manifest && typeof manifest === 'object' && Object.hasOwn(manifest, 'fnf')) return true;
      } catch {
        return true; // cosmiconfig reports what is wrong with it
      }
    }
  }
  return false;
}

/** The first fnf config from `cwd` up to `home` (inclusive), cosmiconfig's way. */
export async function findProjectConfig(cwd: string, home: string): Promise<ConfigSource | undefined> {
  if (!anyCandidate(cwd, home)) return undefined;
  const mod = await import('cosmiconfig');
  // Bundled as CommonJS, its exports arrive under `default`.
  const { cosmiconfig } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  // One directory per search() ('none' strategy): cosmiconfig's 'global' strategy would also read
  // the real user's config dir from process.env, which must come from ctx instead.
  const explorer = cosmiconfig('fnf', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'none',
    loaders: { '.json': parseJsonFile, '.yaml': parseYamlFile, '.yml': parseYamlFile, noExt: parseYamlFile },
  });
  for (const dir of searchDirs(cwd, home)) {
    let found;
    try {
      found = await explorer.search(dir);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const file = (err as { filepath?: string }).filepath ?? dir;
      throw new UsageError(`${file}: ${(err as Error).message.split('\n')[0]}`);
    }
    if (found && !found.isEmpty) return toSource('project', found.filepath, found.config);
  }
  return undefined;
}

export function userConfigFile(env: Env, home: string): string {
  return join(configDir(env, home), 'config.yaml');
}

export async function readUserConfig(env: Env, home: string): Promise<ConfigSource | undefined> {
  const file = userConfigFile(env, home);
  const text = await readOptional(file);
  return text === undefined ? undefined : toSource('user', file, await parseYamlFile(file, text));
}

/** Synchronous, like the key pair's: a few small files per command, and node:fs/promises would cost every command its load. */
export async function readOptional(file: string): Promise<string | undefined> {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}
