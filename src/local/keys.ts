// The key pair the local endpoint accepts. Without one on the command line,
// a pair is made on first start and kept in the data dir (0600), so the CLI's
// `local` profile and scripts can read it back.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { localCredentialsFile } from '../paths.js';

export interface KeyPair {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface LoadedKeys extends KeyPair {
  /** Where the pair is kept; undefined when it came from the command line. */
  file?: string;
  created: boolean;
}

/** Creates the data dir (and missing parents) readable by its owner only; an existing dir keeps the mode its owner chose. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function generateKeyPair(): KeyPair {
  return {
    accessKeyId: `LTAIlocal${randomBytes(8).toString('hex')}`,
    accessKeySecret: randomBytes(24).toString('base64url'),
  };
}

function readKeyPair(file: string): KeyPair | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<KeyPair>;
  if (typeof parsed.accessKeyId !== 'string' || typeof parsed.accessKeySecret !== 'string') {
    throw new Error(`${file} does not hold {"accessKeyId","accessKeySecret"}`);
  }
  return { accessKeyId: parsed.accessKeyId, accessKeySecret: parsed.accessKeySecret };
}

export function loadOrCreateKeys(dataDir: string, given?: Partial<KeyPair>): LoadedKeys {
  if (given?.accessKeyId && given.accessKeySecret) {
    return { accessKeyId: given.accessKeyId, accessKeySecret: given.accessKeySecret, created: false };
  }
  const file = localCredentialsFile(dataDir);
  const existing = readKeyPair(file);
  if (existing) return { ...existing, file, created: false };
  const pair = generateKeyPair();
  writeFileSync(file, `${JSON.stringify(pair, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { ...pair, file, created: true };
}
