// Whether a file descriptor is a terminal. node:tty brings Node's stream and
// net modules with it, which cost `fnf --version | cat` more than its answer,
// so it is loaded only for a character device (a terminal, or /dev/null).
import { fstatSync } from 'node:fs';

export function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  // The built CLI is CommonJS; running from src/ (tests) it is an ES module.
  const tty: typeof import('node:tty') = typeof require === 'function' ? require('node:tty') : process.getBuiltinModule('node:tty');
  return tty.isatty(fd);
}
