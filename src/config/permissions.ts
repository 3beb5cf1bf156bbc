// A config file holding secrets that other users can read gets one warning
// per file per process (ssh refuses such keys outright; a warning is enough here).
import { statSync } from 'node:fs';

const warned = new Set<string>();

export function warnIfReadableByOthers(file: string, stderr: NodeJS.WritableStream): void {
  if (warned.has(file) || process.platform === 'win32') return;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return;
  }
  if ((mode & 0o044) === 0) return;
  warned.add(file);
  stderr.write(`fnf: warning: ${file} holds secrets and other users can read it; run: chmod 600 ${file}\n`);
}
