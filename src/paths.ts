// Where fnf keeps files, following the XDG base directory spec.
import { join } from 'node:path';
import type { Env } from './context.js';

export function configDir(env: Env, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fnf');
}

export function cacheDir(env: Env, home: string): string {
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'fnf');
}

/** Default data dir of `fnf local serve`. */
export function localDataDir(env: Env, home: string): string {
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fnf', 'local');
}

/** The key pair `fnf local serve` generates on first start (mode 0600): {"accessKeyId","accessKeySecret"}. */
export function localCredentialsFile(dataDir: string): string {
  return join(dataDir, 'credentials.json');
}

export const LOCAL_DEFAULT_PORT = 8787;
export const LOCAL_DEFAULT_ENDPOINT = `http://127.0.0.1:${LOCAL_DEFAULT_PORT}`;
