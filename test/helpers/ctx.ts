// A Ctx for unit tests: buffered streams, TTY off, a clock the test controls.
import { PassThrough, Readable } from 'node:stream';
import type { Clock, Ctx, Env, GlobalOptions } from '../../src/context.js';
import type { FnfClient } from '../../src/api/types.js';

export class BufferStream extends PassThrough {
  text = '';
  constructor() {
    super();
    this.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
    });
  }
}

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

/** A clock frozen at `start` that moves only when advance() is called; sleep() resolves when advanced past. */
export function fakeClock(start = Date.parse('2026-01-02T03:04:05.000Z')): FakeClock {
  let now = start;
  const sleepers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const onAbort = () => resolve();
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push({
          at: now + ms,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        });
      });
    },
    advance(ms) {
      now += ms;
      for (const s of sleepers.splice(0)) {
        if (s.at <= now) s.resolve();
        else sleepers.push(s);
      }
    },
  };
}

export interface TestCtx extends Ctx {
  stdout: BufferStream;
  stderr: BufferStream;
}

export function testCtx(opts: {
  env?: Env;
  stdin?: string;
  client?: FnfClient | ((globals: GlobalOptions) => Promise<FnfClient>);
  clock?: Clock;
  cwd?: string;
  home?: string;
  tty?: boolean;
} = {}): TestCtx {
  const stdout = new BufferStream();
  const stderr = new BufferStream();
  const { client } = opts;
  return {
    stdout,
    stderr,
    io: {
      stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
      stdout,
      stderr,
      stdinIsTTY: opts.stdin === undefined && Boolean(opts.tty),
      stdoutIsTTY: Boolean(opts.tty),
      stderrIsTTY: Boolean(opts.tty),
      color: false,
      columns: () => 100,
    },
    env: opts.env ?? {},
    clock: opts.clock ?? fakeClock(),
    cwd: opts.cwd ?? process.cwd(),
    home: opts.home ?? '/nonexistent-home',
    async client(globals) {
      if (!client) throw new Error('testCtx: no client given');
      return typeof client === 'function' ? client(globals) : client;
    },
    onSignal: () => () => undefined,
    exitCode: 0,
  };
}
