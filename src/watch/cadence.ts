// When to look at the history next. Every pause is spent in a DescribeExecution
// long poll (see watcher.ts), so a slow cadence never delays noticing the end;
// it only delays showing intermediate steps, and saves requests.

export const SOON_MS = 1_000;
export const MAX_QUIET_MS = 60_000;
/** After a Wait's end, give the service a moment to record what follows. */
export const WAIT_MARGIN_MS = 250;

/** Throttling stretches every pause to at least this, doubling while it lasts. */
export const THROTTLED_MIN_MS = 2_000;
export const THROTTLED_MAX_MS = 30_000;

export class Cadence {
  /** Doubles before use, so the first quiet pause is SOON_MS. */
  private quietMs = SOON_MS / 2;
  /** The shortest pause while the service throttles us; 0 when it doesn't. */
  private floorMs = 0;

  /**
   * The last fetches were throttled: many watchers share the account's rate
   * limits, so each one backs off, and the floor halves away once they pass.
   */
  throttled(yes: boolean): void {
    if (yes) this.floorMs = Math.min(Math.max(this.floorMs * 2, THROTTLED_MIN_MS), THROTTLED_MAX_MS);
    else this.floorMs = this.floorMs / 2 < THROTTLED_MIN_MS ? 0 : this.floorMs / 2;
  }

  /**
   * The time (epoch ms) of the next history fetch. `changed`: the last fetch
   * brought events. `quietUntil`: nothing can happen before then (every
   * running step is a Wait that ends then), see StepTree.quietUntil().
   */
  next(now: number, changed: boolean, quietUntil?: number): number {
    // Events come in bursts (a step exits, the next enters): look again soon,
    // then back off while nothing changes.
    this.quietMs = changed ? SOON_MS : Math.min(this.quietMs * 2, MAX_QUIET_MS);
    const at = quietUntil !== undefined && quietUntil + WAIT_MARGIN_MS > now ? quietUntil + WAIT_MARGIN_MS : now + this.quietMs;
    return Math.max(at, now + this.floorMs);
  }
}
