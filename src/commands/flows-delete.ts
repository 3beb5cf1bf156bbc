// `fnf flows delete <name>...`: asks first on a terminal; off one, --yes is required.
import { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { validateName } from '../input/names.js';
import { confirm } from './confirm.js';
import { globalsOf } from './options.js';

export interface FlowsDeleteOptions {
  names: string[];
  yes: boolean;
  globals: GlobalOptions;
}

export function makeFlowsDeleteCommand(ctx: Ctx): Command {
  return new Command('delete')
    .description('delete flows (asks first on a terminal)')
    .argument('<flow...>', 'flow names')
    .option('-y, --yes', 'delete without asking (required off a terminal)')
    .addHelpText('after', `
Examples:
  $ fnf flows delete old_flow
  $ fnf flows delete old_flow older_flow --yes
`)
    .action(async (names: string[], flags: { yes?: boolean }, cmd: Command) => {
      const opts = { names: names.map((n) => validateName('flow', n)), yes: Boolean(flags.yes), globals: globalsOf(cmd) };
      ctx.exitCode = await runFlowsDelete(opts, ctx);
    });
}

export async function runFlowsDelete(opts: FlowsDeleteOptions, ctx: Ctx): Promise<ExitCode> {
  const list = opts.names.join(', ');
  const what = `deleting ${opts.names.length === 1 ? 'a flow' : `${opts.names.length} flows`}`;
  if (!(await confirm(ctx, `Delete ${list}?`, { yes: opts.yes, what }))) throw new UsageError('cancelled: nothing was deleted');
  const client = await ctx.client(opts.globals);
  // Every name is checked before any is deleted, so a typo in the list leaves all the flows in place.
  for (const name of opts.names) await client.call('DescribeFlow', { Name: name });
  for (const name of opts.names) {
    await client.call('DeleteFlow', { Name: name });
    if (!ctx.io.quiet) ctx.io.stderr.write(`Deleted ${name}\n`);
  }
  return ExitCode.Ok;
}
