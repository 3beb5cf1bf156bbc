import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeFlowsCommand(_ctx: Ctx): Command {
  return new Command('flows').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf flows is not implemented yet');
  });
}
