// The question before deleting: asked on a terminal, refused off one without --yes.
import { describe, expect, it } from 'vitest';
import { confirm } from '../../src/commands/confirm.js';
import { UsageError } from '../../src/errors.js';
import { testCtx } from '../helpers/ctx.js';

function terminal(answer: string) {
  const ctx = testCtx({ stdin: answer });
  ctx.io.stdinIsTTY = true;
  return ctx;
}

describe('confirm', () => {
  it('asks on a terminal and takes y or yes', async () => {
    const ctx = terminal('yes\n');
    expect(await confirm(ctx, 'Delete a?', { yes: false, what: 'deleting a flow' })).toBe(true);
    expect(ctx.stderr.text).toBe('Delete a? [y/N] ');
    expect(await confirm(terminal('n\n'), 'Delete a?', { yes: false, what: 'deleting a flow' })).toBe(false);
    expect(await confirm(terminal(''), 'Delete a?', { yes: false, what: 'deleting a flow' })).toBe(false);
  });

  it('needs --yes off a terminal, and asks nothing with it', async () => {
    const ctx = testCtx({ stdin: 'y\n' });
    await expect(confirm(ctx, 'Delete a?', { yes: false, what: 'deleting a flow' })).rejects.toThrow(UsageError);
    await expect(confirm(ctx, 'Delete a?', { yes: false, what: 'deleting a flow' })).rejects.toThrow('deleting a flow needs --yes when fnf is not run on a terminal');
    expect(await confirm(ctx, 'Delete a?', { yes: true, what: 'deleting a flow' })).toBe(true);
    expect(ctx.stderr.text).toBe('');
  });
});
