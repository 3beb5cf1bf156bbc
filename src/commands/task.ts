import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeTaskCommand(_ctx: Ctx): Command {
  return new Command('task').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf task is not implemented yet');
  });
}
