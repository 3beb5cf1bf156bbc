// Whether a file descriptor is a terminal. node:tty brings Node's stream and
// net modules with it, which cost `fnf --version | cat` more than its answer,
// so it is loaded only for a character device (a terminal, or /dev/null).
import { fstatSync } from 'node:fs';
import { builtin } from './builtin.js';

export function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return builtin<typeof import('node:tty')>('node:tty').isatty(fd);
}
