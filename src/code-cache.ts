// Loads the program bundle (dist/program-<hash>.cjs) with the machine code V8
// compiled for it on an earlier run. Compiling the bundle costs more than the
// rest of a command like `fnf describe` (issue 17). Node 22 keeps such a cache
// itself (module.enableCompileCache); on Node 20 the bundle is compiled here as
// a script with V8's cachedData. The cache lives under the XDG cache dir, one
// file per fnf version, bundle hash, command and V8 version, written atomically;
// a file that is stale or damaged is ignored and replaced. Per command, because
// the cache holds what the run that wrote it compiled: `describe` loading the
// cache `completion` wrote would compile its own functions again on every run.
import { hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import { builtin } from './builtin.js';

type NodeModule = typeof import('node:module');

/** SHA-1 of the rest of the file: V8 checks versions and lengths, not the contents. */
const CHECKSUM_BYTES = 20;

/**
 * `bundle` is an absolute path; `cacheDir` is fnf's cache directory, `version` fnf's, `command` names
 * the cache of this command line (letters, digits, - and _).
 */
export function requireWithCodeCache(bundle: string, cacheDir: string, version: string, command = 'program'): unknown {
  // node:module costs a start-up 0.5 ms: it is loaded only where Node has its own cache (22 and later).
  const nodeModule = Number(process.versions.node.split('.')[0]) >= 22 ? builtin<NodeModule>('node:module') : undefined;
  if (nodeModule && 'enableCompileCache' in nodeModule) {
    (nodeModule.enableCompileCache as (dir: string) => unknown)(join(cacheDir, 'compile-cache'));
    return nodeModule.createRequire(bundle)(bundle);
  }
  const dir = join(cacheDir, 'code-cache');
  const thisBuild = `${version}-${basename(bundle, '.cjs')}-`;
  const file = join(dir, `${thisBuild}${command}-v8-${process.versions.v8}.bin`);
  const replaced = (name: string) => name.startsWith(`${version}-`) && !name.startsWith(thisBuild);
  const cachedData = readCache(file);
  // The wrapper Node's CommonJS loader puts around a module, plus this module's import() for
  // the user's files (src/import-file.ts): a cached script's own import() fails on Node 20.
  // The build keeps the bundle ASCII, so Latin-1 reads it right, and quicker than UTF-8.
  const source = `(function (exports, require, module, __filename, __dirname, __fnfImport) {${readFileSync(bundle, 'latin1')}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const mod = { exports: {} as unknown };
  const importFile = (url: string) => import(url);
  // The entry's own require resolves from the same directory as the bundle's would (dist/).
  const requireBesideBundle = typeof require === 'function' ? require : builtin<NodeModule>('node:module').createRequire(bundle);
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, requireBesideBundle, mod, bundle, dirname(bundle), importFile);
  if (!cachedData || script.cachedDataRejected) {
    // At exit, so the cache holds the functions this command compiled as well as the top level.
    process.once('exit', () => writeCache(dir, file, replaced, script.createCachedData()));
  }
  return mod.exports;
}

function readCache(file: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    const body = data.subarray(CHECKSUM_BYTES);
    return hash('sha1', body, 'buffer').equals(data.subarray(0, CHECKSUM_BYTES)) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Other versions' files are removed once they are a month old: an upgrade leaves its predecessor's
 * behind, but two installs in use at once (a global one and a project's) must not remove each
 * other's on every run. A file is written once and then only read, so its age is the time since it
 * was written; one still in use that goes is written again by its next run. Files of this version
 * and another bundle (a rebuild) go at once.
 */
const FOREIGN_FILE_LIFETIME_MS = 30 * 24 * 3600_000;

/** Best effort: a cache dir that can't be written only costs speed. */
function writeCache(dir: string, file: string, replaced: (name: string) => boolean, data: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.concat([hash('sha1', data, 'buffer'), data]));
    renameSync(partial, file);
    const before = Date.now() - FOREIGN_FILE_LIFETIME_MS;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === file) continue;
      if (replaced(name) || (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < before) rmSync(path, { force: true });
    }
  } catch {
    // Read-only or full disk: the next run compiles from source again.
  }
}
