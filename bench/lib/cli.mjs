// Runs the built CLI as a user would and times it. The CLI is run from a
// private copy of bin/ + dist/ (the bundle has no runtime dependencies), so a
// rebuild of dist/ while the bench runs cannot break or skew it.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const atExit = [];
process.once('exit', () => {
  for (const cleanup of atExit.reverse()) cleanup();
});

/** Runs `cleanup` (synchronous) when this process exits, however it ends. */
export function onExit(cleanup) {
  atExit.push(cleanup);
}

/** A scratch directory removed when the process exits. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `fnf-bench-${prefix}-`));
  onExit(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Copies the build; returns the path of its bin/fnf.js. FNF_BENCH_BUILD=<dir>
 * takes bin/, dist/ and package.json from another checkout or a saved copy,
 * to measure an earlier build against this one.
 */
export function snapshotCli() {
  return join(copyBuild(process.env.FNF_BENCH_BUILD || ROOT, 'cli'), 'bin', 'fnf.js');
}

/** Copies bin/, dist/ and package.json of the checkout `from` into a scratch directory; returns that directory. */
export function copyBuild(from, prefix) {
  const dir = scratchDir(prefix);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(from, part), join(dir, part), { recursive: true });
  return dir;
}

/** An environment with an empty HOME: no personal config, no colour, CI detection off. */
export function isolatedEnv(extra = {}) {
  const home = scratchDir('home');
  mkdirSync(join(home, '.config'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** `env` as on a person's colour terminal: TERM set, NO_COLOR gone. */
export function terminalEnv(env) {
  const { NO_COLOR: _off, ...rest } = env;
  return { ...rest, TERM: 'xterm-256color' };
}

/**
 * Spawns `file ...args` and resolves when it exits, with the wall time from
 * spawn to exit (ms), the epoch ms of the exit, its code and output.
 */
export function spawnTimed(file, args, { env = isolatedEnv(), timeoutMs = 120_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let exit;
    // 'exit' is the moment the process ended; 'close' waits for its pipes to drain as well.
    child.on('exit', (code, signal) => {
      exit = { ms: Number(process.hrtime.bigint() - started) / 1e6, exitedAt: Date.now(), code, signal };
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ ...exit, pid: child.pid, stdout, stderr });
    });
  });
}

/** spawnTimed() for `node ...nodeArgs ...args`. */
export function run(args, { nodeArgs = [], ...opts } = {}) {
  return spawnTimed(process.execPath, [...nodeArgs, ...args], opts);
}

/** Times `node -e 0`: the floor every start-up figure is divided by. */
export async function bareNodeMs(env) {
  return (await run(['-e', '0'], { env })).ms;
}
