import { describe, expect, it } from 'vitest';
import { withSpinner } from '../../src/ui/spinner.js';
import { testCtx } from '../helpers/ctx.js';
import { systemClock } from '../../src/context.js';

describe('withSpinner', () => {
  it('never draws off a terminal', async () => {
    const ctx = testCtx({ clock: systemClock });
    const value = await withSpinner(ctx, 'Working', () => new Promise((r) => setTimeout(() => r(42), 400)));
    expect(value).toBe(42);
    expect(ctx.stderr.text).toBe('');
  });

  it('draws nothing for an answer faster than the delay, even on a terminal', async () => {
    const ctx = testCtx({ clock: systemClock, tty: true });
    await withSpinner(ctx, 'Working', async () => 'fast');
    await new Promise((r) => setTimeout(r, 400));
    expect(ctx.stderr.text).toBe('');
  });

  it('shows the text while a slow request runs on a terminal, and passes errors through', async () => {
    const ctx = testCtx({ clock: systemClock, tty: true });
    await expect(withSpinner(ctx, 'Listing flows', () => new Promise((_, reject) => setTimeout(() => reject(new Error('down')), 900)))).rejects.toThrow('down');
    expect(ctx.stderr.text).toContain('Listing flows');
  });
});
