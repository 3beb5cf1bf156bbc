import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeStartCommand(_ctx: Ctx): Command {
  return new Command('start').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf start is not implemented yet');
  });
}
