// Bundles src/ into dist/ with esbuild, as CommonJS: Node 20 can keep a V8
// code cache for a script (src/code-cache.ts) but not for an ES module, and
// compiling the program is most of what a command like `fnf describe` costs.
// Two files: dist/cli.cjs, the entry, answers `--version` and `--help` alone;
// dist/program-<hash>.cjs holds commander, every command and their
// dependencies, each module initialised only when an import() reaches it, so
// Ink, pop-core or the engine cost nothing to a command that doesn't use them.
// `--if-stale` skips the build when dist/ is newer than every source file.
import { build, transform } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forCodeCache, forLiveView, forStartUp } from './build-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli.cjs');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  const inputs = [newestMtime(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs,
    statSync(join(root, '.ci', 'build.mjs')).mtimeMs, statSync(join(root, '.ci', 'build-plugins.mjs')).mtimeMs];
  return inputs.some((t) => t > built);
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);

// Build beside dist/ and swap it in, so a CLI running from dist/ (a test, a
// watcher) never finds it half-written or missing.
const staging = join(root, `.dist-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
const shared = {
  absWorkingDir: root,
  outdir: staging,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
  // import.meta.url is the bundle file's URL, as it was for an ES module.
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__fnfBundleUrl' },
  banner: { js: 'var __fnfBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
};
// The program (its file is named below, by content).
const { metafile } = await build({
  ...shared,
  entryPoints: { program: 'src/program.ts' },
  metafile: true,
  plugins: [forCodeCache, forStartUp, forLiveView],
  // cosmiconfig can load fnf.config.ts through an optional typescript import; we don't offer that.
  external: ['react-devtools-core', 'typescript'],
});
// Short names for the program's variables, 30% less to read and a smaller code cache; done after
// the bundle is made, so each module's init keeps its path (bench/lib/modules.mjs traces them).
// The file is named by what it finally holds, as that keys its code cache.
const bundled = join(root, Object.keys(metafile.outputs).find((out) => out.endsWith('.cjs')));
const minified = await transform(readFileSync(bundled, 'latin1'), { format: 'cjs', minifyIdentifiers: true, minifyWhitespace: true, charset: 'ascii', legalComments: 'none', target: 'node20' });
rmSync(bundled);
const programFile = `program-${createHash('sha256').update(minified.code).digest('hex').slice(0, 10).toUpperCase()}.cjs`;
const programText = minified.code;
writeFileSync(join(staging, programFile), programText, 'latin1');
// A script V8 compiles from a code cache loses its import() on Node 20: every import() left in the
// program must fall back from __fnfImport (src/import-file.ts), or load what fnf doesn't offer.
const bareImports = [...programText.matchAll(/(?<![\w$.])import\((?!"typescript"\))/g)]
  .filter(({ index }) => !/__fnfImport\([^()]*\):$/.test(programText.slice(index - 80, index)));
if (bareImports.length) throw new Error(`import() not through src/import-file.ts: ${bareImports.map(({ index }) => programText.slice(index - 60, index + 30)).join(' | ')}`);
// src/code-cache.ts reads the bundle as Latin-1, which is quicker than UTF-8 and the same for ASCII
// (esbuild escapes what strings hold; minifyWhitespace drops the comments).
if (/[^\x00-\x7f]/.test(programText)) throw new Error(`${programFile} is not ASCII`);
// The entry point alone, in one small file: `fnf --version` and `--help` load it and nothing else.
await build({
  ...shared,
  entryPoints: { cli: 'src/cli.ts' },
  define: { ...shared.define, FNF_PROGRAM_BUNDLE: JSON.stringify(programFile) },
  external: ['./program.js'],
});
// `fnf … --help` is answered from this file without loading commander (src/cli.ts).
const requireBuilt = createRequire(join(staging, 'cli.cjs'));
const { generateHelpTexts } = requireBuilt('./cli.cjs');
writeFileSync(join(staging, 'help.json'), JSON.stringify(await generateHelpTexts(requireBuilt(`./${programFile}`))));
const previous = join(root, `.dist-old-${process.pid}`);
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), previous);
renameSync(staging, join(root, 'dist'));
rmSync(previous, { recursive: true, force: true });

// Completion scripts come from the built CLI itself, so completions/ always
// matches what `fnf completion <shell>` prints (test/completion checks it).
const completionFiles = { bash: 'fnf.bash', zsh: '_fnf', fish: 'fnf.fish' };
for (const [shell, file] of Object.entries(completionFiles)) {
  const script = execFileSync(process.execPath, [join(root, 'bin', 'fnf.js'), 'completion', shell], { encoding: 'utf8' });
  writeFileSync(join(root, 'completions', file), script);
}
