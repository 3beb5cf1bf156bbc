// Ink and React load only with the live view: neither the entry (dist/cli.js),
// the program (dist/program.js) nor the chunks a plain command or a non-TTY
// watch imports statically may hold them.
// Reads the built bundle (`npm run build`).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DIST = join(ROOT, 'dist');
const INK_OR_REACT = /react\.transitional\.element|yoga-layout|useSyncExternalStore/;

/** Files a module pulls in through static `import … from './…'` (dynamic import() excluded). */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.[^"']+)["']/g)) stack.push(join(dirname(file), m[1]!));
  }
  return [...seen];
}

const chunk = (prefix: string) => {
  const name = readdirSync(join(DIST, 'chunks')).find((f) => f.startsWith(`${prefix}-`));
  if (!name) throw new Error(`no ${prefix}-*.js chunk in dist/chunks; run npm run build`);
  return join(DIST, 'chunks', name);
};

describe('bundle split', () => {
  it('keeps Ink and React out of the start-up path and of the watch, in the live view only', () => {
    const heavy = (entry: string) => staticClosure(entry).filter((f) => INK_OR_REACT.test(readFileSync(f, 'utf8')));
    expect(heavy(join(DIST, 'cli.js'))).toEqual([]);
    expect(heavy(join(DIST, 'program.js'))).toEqual([]);
    expect(heavy(chunk('follow'))).toEqual([]);
    // The entry is one file: `fnf --version` and `--help` load nothing else.
    expect(staticClosure(join(DIST, 'cli.js'))).toEqual([join(DIST, 'cli.js')]);
    // The check can fail: the live renderer's chunk does hold them.
    expect(heavy(chunk('live-renderer')).length).toBeGreaterThan(0);
  });
});
