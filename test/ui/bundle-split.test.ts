// What a command line loads. The program is one CommonJS bundle (.ci/build.mjs)
// whose modules initialise only when an import() first reaches them, so a
// module costs every command only when the program's static imports reach it.
// This follows those imports from src/program.ts, resolved by esbuild as the
// build resolves them, and holds the heavy packages and the parts that only
// some commands use (Ink, pop-core, config files, `fnf test`, `flows
// validate`, the picker, --query, schedules' cron) behind an import().
// The entry (dist/cli.cjs, from `npm run build`) must stay one small file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const HEAVY_PACKAGES = ['ink', 'react', 'react-reconciler', 'yoga-layout', '@alicloud/pop-core', 'cosmiconfig', 'yaml',
  '@jmespath-community/jmespath', 'croner', 'diff', 're2js', 'ora'];
const ON_DEMAND_SOURCES = ['src/local/', 'src/testing/', 'src/ui/live/', 'src/ui/many/live-', 'src/ui/picker/', 'src/ui/query.ts', 'src/config/resolve.ts',
  'src/api/client.ts', 'src/completion/'];

let inputs: Metafile['inputs'];
beforeAll(async () => {
  const result = await build({
    absWorkingDir: ROOT, entryPoints: ['src/program.ts', 'src/ui/live/live-renderer.tsx'], bundle: true, write: false, metafile: true,
    format: 'esm', platform: 'node', outdir: 'unused', external: ['react-devtools-core', 'typescript'], logLevel: 'silent',
  });
  inputs = result.metafile.inputs;
}, 60_000);

/** Every source file `entry` reaches through static imports and require() calls (import() excluded). */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of inputs[file]?.imports ?? []) {
      if ((edge.kind === 'import-statement' || edge.kind === 'require-call') && !edge.external) stack.push(edge.path);
    }
  }
  return [...seen];
}

const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
const heavyIn = (files: string[]) => [...new Set(files.map(packageOf).filter((p) => p && HEAVY_PACKAGES.includes(p)))];

describe('bundle split', () => {
  it('keeps heavy packages and command-specific parts out of what every command loads', () => {
    const always = staticClosure('src/program.ts');
    expect(always).toContain('src/commands/registry.ts');
    expect(heavyIn(always)).toEqual([]);
    expect(always.filter((f) => ON_DEMAND_SOURCES.some((s) => f.startsWith(s)))).toEqual([]);
  });

  // A command line builds one command: `fnf describe` initialises describe's modules, not `flows validate`'s or `start`'s.
  it('reaches each command\'s module only through an import(), so a command line loads its own alone', () => {
    const always = staticClosure('src/program.ts');
    expect(always.filter((f) => f.startsWith('src/commands/') && f !== 'src/commands/registry.ts')).toEqual([]);
    const describe = staticClosure('src/commands/describe.ts');
    expect(describe).not.toContain('src/commands/flows-validate.ts');
    expect(describe).not.toContain('src/ui/ci/junit.ts');
  });

  it('finds them where they are used (the check can fail)', () => {
    expect(heavyIn(staticClosure('src/ui/live/live-renderer.tsx'))).toEqual(expect.arrayContaining(['ink', 'react', 'yoga-layout']));
  });

  it('answers --version and --help from one small file that loads only Node built-ins', () => {
    const entry = readFileSync(join(ROOT, 'dist', 'cli.cjs'), 'utf8');
    expect(entry.length).toBeLessThan(20_000);
    expect([...entry.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((id) => !id!.startsWith('node:'))).toEqual([]);
  });
});
