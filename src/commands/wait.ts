import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeWaitCommand(_ctx: Ctx): Command {
  return new Command('wait').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf wait is not implemented yet');
  });
}
