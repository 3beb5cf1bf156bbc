// Bundles src/ into dist/ with esbuild. Code splitting keeps each command's
// heavy dependencies (Ink/React, pop-core, cosmiconfig) in chunks that load
// only through a dynamic import(), so `fnf --version` stays near bare Node.
// `--if-stale` skips the build when dist/ is newer than every source file.
import { build } from 'esbuild';
import { readdirSync, statSync, existsSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli.js');

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

// Build beside dist/ and swap it in, so a CLI running from dist/ (a test, a
// watcher) never finds it half-written or missing.
const staging = join(root, `.dist-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
const shared = {
  absWorkingDir: root,
  outdir: staging,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  define: { 'process.env.NODE_ENV': '"production"' },
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};
// The entry point alone, in one file: `fnf --version` and `--help` load it and
// nothing else. It reaches the rest through import('./program.js') at run time.
await build({ ...shared, entryPoints: { cli: 'src/cli.ts' }, external: ['./program.js'] });
// The program and its commands, split so that each command's heavy
// dependencies load only through the dynamic import() that needs them.
await build({
  ...shared,
  entryPoints: { program: 'src/program.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (pop-core and its tree) call require(); ESM output needs one.
  banner: { js: "import { createRequire as __fnfCreateRequire } from 'node:module'; const require = __fnfCreateRequire(import.meta.url);" },
  // cosmiconfig can load fnf.config.ts through an optional typescript import; we don't offer that.
  external: ['react-devtools-core', 'typescript'],
});
// `fnf … --help` is answered from this file without loading commander (src/cli.ts).
const { generateHelpTexts } = await import(pathToFileURL(join(staging, 'cli.js')).href);
writeFileSync(join(staging, 'help.json'), JSON.stringify(await generateHelpTexts()));
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
