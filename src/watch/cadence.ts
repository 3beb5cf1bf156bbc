// When to look at the history next. Every pause is spent in a DescribeExecution
// long poll (see watcher.ts), so a slow cadence never delays noticing the end;
// it only delays showing intermediate steps, and saves requests.

export const SOON_MS = 1_000;
export const MAX_QUIET_MS = 60_000;
/** After a Wait's end, give the service a moment to record what follows. */
export const WAIT_MARGIN_MS = 250;

export class Cadence {
  /** Doubles before use, so the first quiet pause is SOON_MS. */
  private quietMs = SOON_MS / 2;

  /**
   * The time (epoch ms) of the next history fetch. `changed`: the last fetch
   * brought events. `quietUntil`: nothing can happen before then (every
   * running step is a Wait that ends then), see StepTree.quietUntil().
   */
  next(now: number, changed: boolean, quietUntil?: number): number {
    // Events come in bursts (a step exits, the next enters): look again soon,
    // then back off while nothing changes.
    this.quietMs = changed ? SOON_MS : Math.min(this.quietMs * 2, MAX_QUIET_MS);
    if (quietUntil !== undefined && quietUntil + WAIT_MARGIN_MS > now) return quietUntil + WAIT_MARGIN_MS;
    return now + this.quietMs;
  }
}
