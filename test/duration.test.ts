import { describe, expect, it } from 'vitest';
import { parseDurationText } from '../src/duration.js';

describe('parseDurationText', () => {
  it.each([
    ['250ms', 250], ['90s', 90_000], ['2.5s', 2_500], ['5m', 300_000], ['1h30m', 5_400_000], ['1d', 86_400_000],
    ['1d2h', 93_600_000], [' 2m5s ', 125_000],
  ] as const)('%j → %d ms', (text, ms) => expect(parseDurationText(text)).toBe(ms));

  it.each(['', '90', '2 h', 'h', '1y', '-1s', '5m1h', 's1'])('refuses %j', (text) => expect(parseDurationText(text)).toBeUndefined());
});
