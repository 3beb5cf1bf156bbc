// One server per data dir: two would interleave appends to the same logs.
// The lock file holds the owner's pid; a lock left by a process that is gone
// (kill -9) is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data dir's lock; returns the function that releases it. */
export function lockDataDir(dataDir: string, pid: number): () => void {
  const file = join(dataDir, 'serve.lock');
  for (;;) {
    try {
      writeFileSync(file, String(pid), { flag: 'wx' });
      return () => unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner && owner !== pid && isAlive(owner)) {
      throw new UsageError(`${dataDir} is in use by another fnf local serve (pid ${owner}): stop it, or pick another --data`);
    }
    unlinkSync(file);
  }
}
