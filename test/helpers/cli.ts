// Runs the built CLI (bin/fnf.js → dist/) as a user would: a real process,
// real pipes, an isolated HOME so no personal config leaks in.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// FNF_TEST_BIN: run a private copy of the build (others rebuilding dist/ mid-run can't break it).
export const FNF_BIN = process.env.FNF_TEST_BIN || join(ROOT, 'bin', 'fnf.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed; without it stdin is an empty pipe (not a TTY). */
  input?: string | Buffer;
  cwd?: string;
  timeoutMs?: number;
}

let sharedHome: string | undefined;
/** A HOME with nothing in it, shared by tests that don't care about config files. */
export function emptyHome(): string {
  sharedHome ??= mkdtempSync(join(tmpdir(), 'fnf-home-'));
  return sharedHome;
}

/** The environment the CLI runs with in tests: an isolated HOME, no colour, plus `extra` (undefined removes). */
export function cliEnv(extra: Record<string, string | undefined> = {}, home = emptyHome()): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    NO_COLOR: '1',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [FNF_BIN, ...args], { ...opts, env: cliEnv(opts.env) });
}

/** Any program, run to its end with piped stdio: its exit, signal, output and duration. */
export function runProcess(
  command: string,
  args: string[],
  opts: { env: Record<string, string>; cwd?: string; input?: string | Buffer; timeoutMs?: number },
): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? ROOT, env: opts.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** A directory holding an executable `fnf` that runs this checkout's build: put it first on PATH. */
export function fnfOnPath(dir = mkdtempSync(join(tmpdir(), 'fnf-bin-'))): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fnf'), `#!/bin/sh\nexec '${process.execPath}' '${FNF_BIN}' "$@"\n`);
  chmodSync(join(dir, 'fnf'), 0o755);
  return dir;
}
