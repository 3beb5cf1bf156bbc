// The injected context every command runs with (GitHub CLI's IOStreams +
// factory, in TypeScript). Only createProcessContext() touches `process`;
// tests build a Ctx with buffers, TTY off and a frozen clock instead.
import type { FnfClient } from './api/types.js';
import type { ExitCode } from './errors.js';
import { isTerminal } from './terminal.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface IOStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Colour on stderr/stdout: off with NO_COLOR, --no-color, or no TTY; FORCE_COLOR turns it on. */
  color: boolean;
  /** Terminal width, for layouts (80 when unknown). */
  columns(): number;
  /**
   * --quiet: results on stdout and errors on stderr, nothing else (no progress
   * lines, notes, spinners or live views). Set, like `color`, once the command line is parsed;
   * commands and renderers alike read it here (GlobalOptions does not carry it).
   */
  quiet?: boolean;
}

export interface Clock {
  now(): number;
  /** Resolves after ms, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** How a command prints its result: text for people, one JSON document, or one JSON object per line. */
export type OutputMode = 'text' | 'json' | 'ndjson';

/** Options every command accepts (commander's program-level options). */
export interface GlobalOptions {
  profile?: string;
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  verbose?: boolean;
}

export type SignalName = 'SIGINT' | 'SIGTERM';

export interface Ctx {
  io: IOStreams;
  env: Env;
  clock: Clock;
  cwd: string;
  home: string;
  /** A client for the profile the global options and config select (loads pop-core and cosmiconfig lazily). */
  client(globals: GlobalOptions): Promise<FnfClient>;
  /** Subscribe to a process signal; returns the unsubscribe function. */
  onSignal(signal: SignalName, handler: () => void): () => void;
  /** Commands report their exit code here; main() returns it. */
  exitCode: ExitCode;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** CI systems set CI (GitHub Actions also GITHUB_ACTIONS): no live views or spinners there. */
export function isCI(env: Env): boolean {
  const ci = env.CI;
  return (ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false') || env.GITHUB_ACTIONS === 'true';
}

/**
 * Whether stderr may be redrawn (spinner, live view): only on a terminal that
 * can move the cursor, and not in CI, where only the last frame would be kept.
 */
export function canAnimate(ctx: Pick<Ctx, 'io' | 'env'>): boolean {
  return ctx.io.stderrIsTTY && !isCI(ctx.env) && ctx.env.TERM !== 'dumb';
}

export function colorEnabled(env: Env, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

/**
 * A reader that went away (`fnf list | head -1`) ends fnf the way SIGPIPE ends
 * other tools: at once, quietly, status 141. Node ignores SIGPIPE and would
 * otherwise die of an unhandled EPIPE with a stack trace.
 */
function exitQuietlyOnBrokenPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(141);
  });
  // Diagnostics nobody can read any more are dropped; results still go to stdout.
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

/** Makes the API client for a command line; program.ts has the real one (it loads config and pop-core). */
export type ClientFactory = (globals: GlobalOptions, ctx: Ctx) => Promise<FnfClient>;

export function createProcessContext(clientFor: ClientFactory): Ctx {
  exitQuietlyOnBrokenPipe();
  const env = process.env;
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  return {
    io: {
      // Node makes the stdin stream on first use, which costs a few milliseconds most commands never need.
      get stdin() {
        return process.stdin;
      },
      stdout: process.stdout,
      stderr: process.stderr,
      stdinIsTTY: isTerminal(0),
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      stderrIsTTY,
      color: colorEnabled(env, stderrIsTTY),
      columns: () => process.stderr.columns || process.stdout.columns || 80,
    },
    env,
    clock: systemClock,
    cwd: process.cwd(),
    home: env.HOME || env.USERPROFILE || '/',
    client(globals) {
      return clientFor(globals, this);
    },
    onSignal(signal, handler) {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
    exitCode: 0,
  };
}
