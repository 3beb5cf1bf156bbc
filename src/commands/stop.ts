import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeStopCommand(_ctx: Ctx): Command {
  return new Command('stop').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf stop is not implemented yet');
  });
}
