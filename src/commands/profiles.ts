import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns this command.
export function makeProfilesCommand(_ctx: Ctx): Command {
  return new Command('profiles').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf profiles is not implemented yet');
  });
}
