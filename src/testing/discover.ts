// Which test files `fnf test [path...]` runs: the files named, and every
// `*.fnf-test.{yaml,yml,json}` under the directories named, in a stable order,
// skipping node_modules and dot-directories.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TEST_FILE = /\.fnf-test\.(?:ya?ml|json)$/;

export class MissingPathError extends Error {}

export function findTestFiles(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const given of paths.length ? paths : ['.']) {
    const path = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new MissingPathError(`${given}: no such file or directory`);
    }
    if (isDir) walk(path, found);
    else found.add(path);
  }
  return [...found];
}

function walk(dir: string, found: Set<string>): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile() && TEST_FILE.test(entry.name)) found.add(path);
  }
}
