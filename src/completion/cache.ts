// A small file cache for completion answers, so that pressing Tab twice does
// not ask the service twice. Files are named by a hash of what selects the
// account and the question, and hold names only: never a key or a token.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../context.js';

export const CACHE_TTL_MS = 60_000;

export interface CompletionCache {
  get(key: readonly string[]): string[] | undefined;
  set(key: readonly string[], values: readonly string[]): void;
}

interface Entry {
  savedAt: number;
  values: string[];
}

function fileName(key: readonly string[]): string {
  return `${createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32)}.json`;
}

/** Answers kept under `dir` for ttlMs; a missing, unreadable or expired file is a miss, a failed write is ignored. */
export function fileCache(dir: string, clock: Clock, ttlMs = CACHE_TTL_MS): CompletionCache {
  return {
    get(key) {
      try {
        const entry = JSON.parse(readFileSync(join(dir, fileName(key)), 'utf8')) as Entry;
        const age = clock.now() - entry.savedAt;
        return age >= 0 && age < ttlMs && Array.isArray(entry.values) ? entry.values : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, values) {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const path = join(dir, fileName(key));
        // Write then rename: a completion running at the same time never reads half a file.
        const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
        writeFileSync(tmp, JSON.stringify({ savedAt: clock.now(), values: [...values] } satisfies Entry), { mode: 0o600 });
        renameSync(tmp, path);
      } catch {
        // A cache that cannot be written only makes the next Tab slower.
      }
    },
  };
}
