// Bundles src/ into dist/ with esbuild, as CommonJS: Node 20 can keep a V8
// code cache for a script (src/code-cache.ts) but not for an ES module, and
// compiling the program is most of what a command like `fnf describe` costs.
// Two files: dist/cli.cjs, the entry, answers `--version` and `--help` alone;
// dist/program-<hash>.cjs holds commander, every command and their
// dependencies, each module initialised only when an import() reaches it, so
// Ink, pop-core or the engine cost nothing to a command that doesn't use them.
// `--if-stale` skips the build when dist/ is newer than every source file.
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    statSync(join(root, '.ci', 'build.mjs')).mtimeMs];
  return inputs.some((t) => t > built);
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);

/** An esbuild onLoad that replaces `from` with `to` in the files `filter` matches, failing the build when `from` is gone. */
function rewriter(b) {
  return (filter, from, to) => b.onLoad({ filter }, ({ path }) => {
    const text = readFileSync(path, 'utf8');
    if (!from.test(text)) throw new Error(`${path} changed: ${from} is not there to rewrite`);
    return { contents: text.replace(from, to), loader: 'js' };
  });
}

/**
 * Rewrites of dependencies for the CommonJS bundle and its code cache, each checked: the build
 * fails when the text it replaces is gone.
 * - CommonJS has no top-level await, and two of them use it: yoga-layout waits
 *   for its WebAssembly (here it exports `ready` instead, which
 *   src/ui/live/layout-engine.ts awaits before Ink renders), and Ink's
 *   reconciler loads React DevTools when DEV is set (left out:
 *   react-devtools-core is not bundled).
 * - cosmiconfig import()s fnf.config.mjs: in the bundle that goes through
 *   __fnfImport, as src/import-file.ts explains.
 * - yoga's WebAssembly is embedded as base64, yet its loader fetch()es that
 *   data: URL whenever fetch exists, and loading Node's fetch costs more than
 *   the compile itself; it decodes the text instead.
 */
const forCodeCache = {
  name: 'for-code-cache',
  setup(b) {
    const rewrite = rewriter(b);
    rewrite(/[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/, /const Yoga = wrapAssembly\(await loadYoga\(\)\);/,
      'const Yoga = {};\nexport const ready = loadYoga().then((lib) => Object.assign(Yoga, wrapAssembly(lib)));');
    rewrite(/[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, /function ya\(\)\{return w\|\|"function"!=typeof fetch\?/,
      'function ya(){return true?');
    rewrite(/[\\/]cosmiconfig[\\/]dist[\\/]loaders\.js$/, /await import\(href\)/,
      'await (typeof __fnfImport === "function" ? __fnfImport(href) : import(href))');
    rewrite(/[\\/]ink[\\/]build[\\/]reconciler\.js$/, /if \(isDev\(\)\) \{\s*try \{\s*await import\('\.\/devtools\.js'\);[\s\S]*?\n\}\n([\s\S]*?)const packageJson = isDev\(\)\s*\? await loadPackageJson\(\)\s*:/,
      '$1const packageJson =');
  },
};

/**
 * Node built-ins that dependencies require up front but a command seldom uses,
 * required where they are used instead (each costs a start-up 0.5-1 ms):
 * commander's child_process (only for executable subcommands, which fnf has
 * none of), httpx's https and zlib (an http:// endpoint; a compressed answer),
 * pop-core's assert (only when its config is wrong). debug (under httpx) asks
 * for an optional supports-color that is not bundled: Node would search the
 * disk for it on every run, and could find someone else's.
 */
const forStartUp = {
  name: 'for-start-up',
  setup(b) {
    const rewrite = rewriter(b);
    rewrite(/[\\/]commander[\\/]lib[\\/]command\.js$/, /const childProcess = require\('node:child_process'\);/,
      "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
    rewrite(/[\\/]httpx[\\/]lib[\\/]index\.js$/,
      /const zlib = require\('zlib'\);([\s\S]*?)const https = require\('https'\);([\s\S]*?)const httpsAgent = new https\.Agent\(\{ keepAlive: true \}\);([\s\S]*?)zlib\.createGunzip\(\)([\s\S]*?)zlib\.createInflate\(\)([\s\S]*?)isHttps \? httpsAgent : httpAgent([\s\S]*?)isHttps \? https : http;/,
      "$1$2let httpsAgent;$3require('zlib').createGunzip()$4require('zlib').createInflate()$5isHttps ? (httpsAgent ??= new (require('https').Agent)({ keepAlive: true })) : httpAgent$6isHttps ? require('https') : http;");
    rewrite(/[\\/]@alicloud[\\/]pop-core[\\/]lib[\\/]rpc\.js$/, /const assert = require\('assert'\);/,
      "const assert = (value, message) => value || require('assert')(value, message);");
    rewrite(/[\\/]debug[\\/]src[\\/]node\.js$/, /require\('supports-color'\)/, 'undefined');
  },
};

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
// The program: named by its content hash, which keys its code cache.
const { metafile } = await build({
  ...shared,
  entryPoints: { program: 'src/program.ts' },
  entryNames: '[name]-[hash]',
  metafile: true,
  plugins: [forCodeCache, forStartUp],
  // cosmiconfig can load fnf.config.ts through an optional typescript import; we don't offer that.
  external: ['react-devtools-core', 'typescript'],
});
const programFile = basename(Object.keys(metafile.outputs).find((out) => out.endsWith('.cjs')));
// A script V8 compiles from a code cache loses its import() on Node 20: every import() left in the
// program must fall back from __fnfImport (src/import-file.ts), or load what fnf doesn't offer.
const programText = readFileSync(join(staging, programFile), 'latin1');
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
writeFileSync(join(staging, 'help.json'), JSON.stringify(generateHelpTexts(requireBuilt(`./${programFile}`))));
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
