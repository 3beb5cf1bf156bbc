import { describe, expect, it } from 'vitest';
import { fairPauseMs, RequestBudget } from '../../src/watch/budget.js';
import { fakeClock } from '../helpers/ctx.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('request budget', () => {
  it('lets a burst through at once, then one request per 1/perSecond, in order', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget(clock, 2, 4);
    const done: number[] = [];
    for (let i = 0; i < 4; i++) void budget.take().then(() => done.push(i));
    await settle();
    expect(done).toEqual([0, 1]);
    clock.advance(249);
    await settle();
    expect(done).toEqual([0, 1]);
    clock.advance(1);
    await settle();
    await settle();
    expect(done).toEqual([0, 1, 2]);
    clock.advance(250);
    for (let i = 0; i < 5; i++) await settle();
    expect(done).toEqual([0, 1, 2, 3]);
  });

  it('gives each of many executions a pause between history reads that keeps them all inside the rate', () => {
    expect(fairPauseMs(100, 4)).toBe(25_000);
    expect(fairPauseMs(3, 4)).toBe(750);
  });
});
