import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeDescribeCommand(_ctx: Ctx): Command {
  return new Command('describe').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf describe is not implemented yet');
  });
}
