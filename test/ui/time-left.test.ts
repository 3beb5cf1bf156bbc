import { describe, expect, it } from 'vitest';
import { timeLeftText } from '../../src/ui/steps.js';

describe('timeLeftText', () => {
  it.each([[275, '1s'], [1000, '1s'], [1001, '2s'], [59_500, '1m00s'], [0, '0s'], [-20, '0s']])('%d ms → %s', (ms, text) => {
    expect(timeLeftText(ms)).toBe(text);
  });
});
