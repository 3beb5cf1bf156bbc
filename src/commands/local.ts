import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeLocalCommand(_ctx: Ctx): Command {
  return new Command('local').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf local is not implemented yet');
  });
}
