// A yes/no question before something that cannot be undone (deleting flows or
// schedules). Asked only on a terminal; elsewhere --yes is the answer, so a CI
// job never hangs on a prompt nobody sees.
import { builtin } from '../builtin.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

/** True when the user agreed; `what` names the action in the error off a terminal ("deleting 2 flows"). */
export async function confirm(ctx: Ctx, question: string, opts: { yes: boolean; what: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (!ctx.io.stdinIsTTY) {
    throw new UsageError(`${opts.what} needs --yes when fnf is not run on a terminal`, 'nothing was changed');
  }
  ctx.io.stderr.write(`${question} [y/N] `);
  const { createInterface } = builtin<typeof import('node:readline')>('node:readline');
  const lines = createInterface({ input: ctx.io.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}
