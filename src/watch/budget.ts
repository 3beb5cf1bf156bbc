// One request budget shared by every execution a process watches. The
// service limits the watch requests (DescribeExecution, GetExecutionHistory)
// of an account with a token bucket; watching a hundred executions at once
// would empty it at the first look. Each execution still decides when it wants
// a look; the budget decides when it may, so the sum stays inside the limit.
import type { Action, ActionMap, CallOptions, FnfClient } from '../api/types.js';
import type { Clock } from '../context.js';

/**
 * Below the service's published watch limit (the local endpoint models it:
 * 50 at once, 5 a second; src/local/ratelimit.ts), with room left for another
 * fnf or a console on the same account.
 */
const WATCH_BUDGET = { burst: 20, perSecond: 4 } as const;

/**
 * The shared poll of many executions (ListExecutions, in the service's class of
 * other actions: 10 at once, 2 a second): a page a second, and one more for the
 * outputs of what ended, with room left for the user's other commands.
 */
export const LIST_BUDGET = { burst: 5, perSecond: 1.5 } as const;

/**
 * How often each of `watchers` sharing a budget may look at its history: one
 * look is one request (a history page; the ends come from the shared poll),
 * and the looks of all of them together must fit the budget's rate.
 */
export function fairPauseMs(watchers: number, perSecond: number = WATCH_BUDGET.perSecond): number {
  return Math.ceil((watchers / perSecond) * 1000);
}

/** A token bucket whose take() waits for a token instead of refusing. Waiters are served in order. */
export class RequestBudget {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    readonly burst: number = WATCH_BUDGET.burst,
    readonly perSecond: number = WATCH_BUDGET.perSecond,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when a request may go out (at once, when the signal aborts). */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn;
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1 || signal?.aborted) {
        this.tokens = Math.max(0, this.tokens - 1);
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000), signal);
    }
  }
}

/** `client`, with every request first taking a token from `budget`. */
export function budgeted(client: FnfClient, budget: RequestBudget): FnfClient {
  return {
    get region() {
      return client.region;
    },
    get endpoint() {
      return client.endpoint;
    },
    get requestCount() {
      return client.requestCount;
    },
    get throttledCount() {
      return client.throttledCount;
    },
    get defaults() {
      return client.defaults;
    },
    async call<A extends Action>(action: A, params: ActionMap[A]['req'], opts?: CallOptions): Promise<ActionMap[A]['res']> {
      await budget.take(opts?.signal);
      return client.call(action, params, opts);
    },
  };
}
