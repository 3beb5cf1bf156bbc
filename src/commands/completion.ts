import { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns completion.
export function makeCompletionCommand(_ctx: Ctx): Command {
  return new Command('completion').description('(not yet implemented)').action(() => {
    throw new UsageError('fnf completion is not implemented yet');
  });
}

export function makeCompleteCommand(_ctx: Ctx): Command {
  return new Command('__complete').action(() => undefined);
}
