// What a CLI command loads. The program is one CommonJS bundle whose modules
// esbuild wraps in init functions that run on first import (`__esm`,
// `__commonJS`, each keyed by the module's path), so what a command pays for
// is the modules it initialises. A traced copy of the build records each
// init, and the files the process reads as code (CommonJS requires, the
// bundle compiled by src/code-cache.ts, ES modules through a loader hook).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { copyBuild, run } from './cli.mjs';

/** Packages that must stay off the start-up path (the team rule in the preamble). */
export const HEAVY = ['ink', 'react', 'react-reconciler', 'yoga-layout', '@alicloud/pop-core', 'cosmiconfig', 'typescript', 'yaml',
  '@jmespath-community/jmespath', 'croner', 'diff', 're2js'];

// esbuild's __esm and __commonJS call a module's init as (0,fn[__getOwnPropNames(fn)[0]])(…), the names minified.
const INITS = [
  [/\(0,([\w$]+)\[([\w$]+)\(\1\)\[0\]\]\)\(/g, '(0,$1[globalThis.__fnfTrace($2($1)[0])])('],
];

const PRELOAD = `
const inits = new Set();
globalThis.__fnfTrace = (path) => (inits.add(path), path);
const vm = require('node:vm');
const compiled = [];
const Script = vm.Script;
vm.Script = class extends Script { constructor(code, opts) { super(code, opts); if (opts && opts.filename) compiled.push(opts.filename); } };
process.on('exit', () => {
  for (const file of [...Object.keys(require.cache), ...compiled]) process.stderr.write('LOADED ' + file + '\\n');
  for (const path of inits) process.stderr.write('INIT ' + path + '\\n');
});
`;
const HOOK = "export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n";

const traced = new Map();
/** A copy of the build `bin` belongs to, with every module init reported. */
function tracedBuild(bin) {
  if (traced.has(bin)) return traced.get(bin);
  const dir = copyBuild(join(dirname(bin), '..'), 'traced');
  for (const name of readdirSync(join(dir, 'dist')).filter((f) => f.startsWith('program-'))) {
    let text = readFileSync(join(dir, 'dist', name), 'latin1');
    for (const [from, to] of INITS) {
      if (!from.test(text)) throw new Error(`${name}: esbuild's module init ${from} not found; update bench/lib/modules.mjs`);
      text = text.replace(from, to);
    }
    writeFileSync(join(dir, 'dist', name), text, 'latin1');
  }
  writeFileSync(join(dir, 'preload.cjs'), PRELOAD);
  writeFileSync(join(dir, 'hook.mjs'), HOOK);
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)});`;
  const out = { bin: join(dir, 'bin', 'fnf.js'), nodeArgs: ['--require', join(dir, 'preload.cjs'), '--import', `data:text/javascript,${encodeURIComponent(register)}`] };
  traced.set(bin, out);
  return out;
}

const packageOf = (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

/**
 * Runs `node bin ...args` once, traced: the files it read as code (count and
 * bytes, `program` when that includes the program bundle), the packages whose
 * modules it initialised, how many of fnf's own, and the heavy ones among them.
 */
export async function traceLoads(bin, args, env) {
  const { bin: tracedBin, nodeArgs } = tracedBuild(bin);
  const res = await run([tracedBin, ...args], { env, nodeArgs });
  const lines = res.stderr.split('\n');
  const files = [...new Set(lines.filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7)).map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f)))]
    .filter((f) => !f.endsWith('preload.cjs') && !f.endsWith('hook.mjs'));
  const inits = lines.filter((l) => l.startsWith('INIT ')).map((l) => l.slice(5));
  const packages = [...new Set(inits.map(packageOf).filter(Boolean))].sort();
  return {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    program: files.some((f) => /[\\/]program-\w+\.cjs$/.test(f)),
    fnfModules: inits.filter((p) => p.startsWith('src/')).length,
    packages,
    heavy: HEAVY.filter((name) => packages.includes(name)),
  };
}
