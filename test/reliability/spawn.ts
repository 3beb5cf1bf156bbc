// The built CLI as a child process the test can signal while it runs
// (runCli in test/helpers/cli.ts only hands back the end result).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { FNF_BIN, ROOT, emptyHome, type CliResult } from '../helpers/cli.js';

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

/** The environment runCli gives the CLI (an isolated HOME, no colour), plus `extra`. */
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

export function spawnCli(args: string[], env: Record<string, string>, killAfterMs = 30_000): RunningCli {
  const started = Date.now();
  const child = spawn(process.execPath, [FNF_BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Polls until `probe` is true (errors count as false). */
export async function waitFor(probe: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await Promise.resolve().then(probe).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
