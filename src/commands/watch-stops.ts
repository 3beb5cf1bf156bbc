// How a watch stops before what it watches ends: Ctrl-C or SIGTERM (detached),
// the CLI's own --timeout, or a reason of the caller's (--any). One
// AbortController carries the first of them to the watchers and the renderer.
import type { Ctx } from '../context.js';

export type StopReason = 'timeout' | 'detached';

export interface WatchStops<R extends string> {
  signal: AbortSignal;
  /** Stops the watch; the first reason given is the one kept. */
  stop(reason: R | StopReason): void;
  /** Why the watch was stopped; undefined while it was not. */
  reason(): R | StopReason | undefined;
  /** The watch is over: the timeout and the signal handlers go. */
  release(): void;
}

/** `timeoutMs` counts from `timeoutSince` (epoch ms; default now): `fnf start` starts it before StartExecution. */
export function watchStops<R extends string = never>(ctx: Ctx, timeoutMs?: number, timeoutSince?: number): WatchStops<R> {
  const controller = new AbortController();
  const released = new AbortController();
  const stop = (reason: R | StopReason) => {
    if (!controller.signal.aborted && !released.signal.aborted) controller.abort(reason);
  };
  const unsubscribe = [ctx.onSignal('SIGINT', () => stop('detached')), ctx.onSignal('SIGTERM', () => stop('detached'))];
  if (timeoutMs !== undefined) {
    const left = timeoutMs - (ctx.clock.now() - (timeoutSince ?? ctx.clock.now()));
    void ctx.clock.sleep(Math.max(0, left), released.signal).then(() => stop('timeout'));
  }
  return {
    signal: controller.signal,
    stop,
    reason: () => (controller.signal.aborted ? (controller.signal.reason as R | StopReason) : undefined),
    release() {
      if (released.signal.aborted) return;
      released.abort();
      for (const off of unsubscribe) off();
    },
  };
}
