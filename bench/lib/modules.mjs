// Which JavaScript files a CLI command loads, and what is inside them. A
// module hook reports every file the process loads; esbuild keeps a
// `// node_modules/<pkg>/…` or `// src/…` comment before each bundled module,
// so a chunk's bytes can be attributed to the packages inside it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run, scratchDir } from './cli.mjs';

/** Packages that must stay off the start-up path (the team rule in the preamble). */
export const HEAVY = ['ink', 'react', 'react-reconciler', 'yoga-layout', '@alicloud/pop-core', 'cosmiconfig', 'typescript', 'yaml'];

const SECTION = /^\/\/ (node_modules\/((?:@[^/\s]+\/)?[^/\s]+)|src\/\S+)/;

/** Bytes of a bundle file by origin: npm package name, "fnf" (src/) or "bundle" (glue before the first module). */
export function bytesByOrigin(text) {
  const out = {};
  let origin = 'bundle';
  for (const line of text.split('\n')) {
    const m = SECTION.exec(line);
    if (m) origin = m[2] ?? 'fnf';
    out[origin] = (out[origin] ?? 0) + line.length + 1;
  }
  return out;
}

let hookFlag;
function loadHookFlag() {
  if (hookFlag) return hookFlag;
  const hook = join(scratchDir('hook'), 'hook.mjs');
  writeFileSync(hook, "export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n");
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`;
  hookFlag = ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
  return hookFlag;
}

/** Runs `node bin ...args` once with the hook; returns the files it loaded and their bytes by package. */
export async function traceLoads(bin, args, env) {
  const res = await run([bin, ...args], { env, nodeArgs: loadHookFlag() });
  const files = res.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => fileURLToPath(l.slice(7)));
  const packages = {};
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    for (const [origin, n] of Object.entries(bytesByOrigin(text))) packages[origin] = (packages[origin] ?? 0) + n;
  }
  return {
    files: files.length,
    bytes,
    packages,
    heavy: HEAVY.filter((name) => packages[name] !== undefined),
  };
}
