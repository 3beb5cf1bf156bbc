// A clock that only moves when told to: the engine's Waits, retry intervals
// and task timeouts, the mocks' `after` and the execution's time limit are all
// timers on it, and the case runner jumps from one to the next, so a day of
// flow time costs nothing.
import type { Timers } from '../local/engine/hooks.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class VirtualClock implements Timers {
  private time: number;
  private seq = 0;
  /** Pending timers, earliest (then first armed) last, so firing pops. */
  private timers: Timer[] = [];

  constructor(readonly start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** Virtual ms since the start. */
  elapsed(): number {
    return this.time - this.start;
  }

  after(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    const later = (t: Timer) => t.at > timer.at || (t.at === timer.at && t.seq > timer.seq);
    // Binary search for the first slot whose timer is due before this one.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (later(this.timers[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  /** Moves to the earliest timer and fires it; false when none is armed. */
  fireNext(): boolean {
    const timer = this.timers.pop();
    if (!timer) return false;
    this.time = timer.at;
    timer.fn();
    return true;
  }
}
