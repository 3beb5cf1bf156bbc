// isTerminal() answers without node:tty for anything but a character device.
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/terminal.js';

describe('isTerminal', () => {
  it('is false for a file, /dev/null (a character device but no terminal) and a closed descriptor', () => {
    const file = openSync(join(mkdtempSync(join(tmpdir(), 'fnf-terminal-')), 'out'), 'w');
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(isTerminal(file)).toBe(false);
      expect(isTerminal(devNull)).toBe(false);
    } finally {
      closeSync(file);
      closeSync(devNull);
    }
    expect(isTerminal(file)).toBe(false);
  });
});
