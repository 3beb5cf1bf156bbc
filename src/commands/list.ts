import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeListCommand(_ctx: Ctx): Command {
  return new Command('list').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf list is not implemented yet');
  });
}
