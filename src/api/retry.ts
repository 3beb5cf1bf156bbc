// When a failed request may be sent again, and how long to wait first.
// Equal-jitter exponential backoff (AWS architecture blog, "Exponential Backoff
// And Jitter"): many watchers that failed together spread out instead of
// retrying in lockstep against a service that is already struggling, and the
// fixed half of each wait guarantees that one call's retries span a few
// seconds (3.1 s at least with the defaults), long enough to ride out a
// restart of the service. Full jitter could spend all six attempts in 100 ms.
import type { Action } from './types.js';
import type { FailureKind } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 200, capMs: 5_000, random: Math.random };

/** The wait before attempt `failedAttempt + 1`. */
export function backoffMs(policy: RetryPolicy, failedAttempt: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (failedAttempt - 1));
  return Math.floor(ceiling / 2 + (policy.random() * ceiling) / 2);
}

export function isRead(action: Action): boolean {
  return action.startsWith('Describe') || action.startsWith('List') || action === 'GetExecutionHistory';
}

/**
 * Sending it twice does no harm: reads, and a StartExecution with a fixed
 * name (the service returns the running execution instead of starting a
 * second one).
 */
export function isIdempotent(action: Action, params: object): boolean {
  if (isRead(action)) return true;
  return action === 'StartExecution' && Boolean((params as { ExecutionName?: string }).ExecutionName);
}

/** The request never reached the service's logic, so even a write may be sent again. */
function wasNotProcessed(kind: FailureKind): boolean {
  return kind === 'refused' || kind === 'throttled';
}

export function isRetryable(kind: FailureKind, idempotent: boolean): boolean {
  if (wasNotProcessed(kind)) return true;
  return idempotent && (kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'bad-body');
}

/** The failed attempt may have been carried out by the service before its answer was lost. */
export function mayHaveBeenApplied(kind: FailureKind): boolean {
  return kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'bad-body';
}
