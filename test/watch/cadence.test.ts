import { describe, expect, it } from 'vitest';
import { Cadence, MAX_QUIET_MS, SOON_MS, THROTTLED_MAX_MS, THROTTLED_MIN_MS, WAIT_MARGIN_MS } from '../../src/watch/cadence.js';

describe('Cadence', () => {
  it('looks again soon after a change, then doubles the pause to a minute while nothing happens', () => {
    const c = new Cadence();
    expect(c.next(0, true)).toBe(SOON_MS);
    const pauses = Array.from({ length: 9 }, () => c.next(0, false));
    expect(pauses.slice(0, 3)).toEqual([2 * SOON_MS, 4 * SOON_MS, 8 * SOON_MS]);
    expect(pauses.at(-1)).toBe(MAX_QUIET_MS);
  });

  it('sleeps through a Wait to just after its end', () => {
    expect(new Cadence().next(0, true, 45_000)).toBe(45_000 + WAIT_MARGIN_MS);
  });

  it('stretches every pause while the service throttles, and lets go once it stops', () => {
    const c = new Cadence();
    c.throttled(true);
    expect(c.next(0, true)).toBe(THROTTLED_MIN_MS);
    for (let i = 0; i < 10; i++) c.throttled(true);
    expect(c.next(0, true)).toBe(THROTTLED_MAX_MS);
    // A Wait that ends sooner does not shorten the floor…
    expect(c.next(0, true, 1_000)).toBe(THROTTLED_MAX_MS);
    for (let i = 0; i < 5; i++) c.throttled(false);
    // …and unthrottled cycles halve it away.
    expect(c.next(0, true)).toBe(SOON_MS);
  });
});
