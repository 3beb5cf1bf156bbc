// `fnf flows`: the flows in the region (or on the local endpoint), and the
// commands that manage them as code (flows-*.ts).
import { Command } from 'commander';
import type { Flow, FnfClient } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { globalsOf, outputAndQueryOf, refuseOptionsSubcommandLacks, outputMode, outputOption, queryOption, writeJson, type Query } from './options.js';
import { collectPages } from './paging.js';
import { renderTable } from './render/table.js';
import { withSpinner } from '../ui/spinner.js';
import { makeFlowsDeleteCommand } from './flows-delete.js';
import { makeFlowsDeployCommand } from './flows-deploy.js';
import { makeFlowsDiffCommand } from './flows-diff.js';
import { makeFlowsGraphCommand } from './flows-graph.js';
import { makeFlowsShowCommand } from './flows-show.js';
import { makeFlowsValidateCommand } from './flows-validate.js';

export interface FlowsOptions {
  output?: 'text' | 'json';
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf flows
  $ fnf flows --output json | jq -r '.Flows[].Name'
  $ fnf flows --query 'Flows[].Name'
  $ fnf flows validate flows/
  $ fnf flows deploy flows/ --dry-run
`;

/** `fnf flows` alone lists, as it always did; its subcommands keep definitions in a repository and ship them. */
export function makeFlowsCommand(ctx: Ctx): Command {
  return addListing(new Command('flows'), ctx)
    .description('list the flows; validate, deploy, diff, show, draw and delete them')
    .hook('preSubcommand', refuseOptionsSubcommandLacks)
    // A word after `flows` that names no subcommand is a mistyped one (`flows valdate`): commander's own error and
    // suggestion, not "too many arguments" (commander says that when the command itself has an action).
    .allowExcessArguments()
    .hook('preAction', (flows, action) => {
      if (action === flows && flows.args.length > 0) (flows as unknown as { unknownCommand(): never }).unknownCommand();
    })
    .addCommand(addListing(new Command('list'), ctx).description('list the flows'))
    .addCommand(makeFlowsValidateCommand(ctx))
    .addCommand(makeFlowsDeployCommand(ctx))
    .addCommand(makeFlowsDiffCommand(ctx))
    .addCommand(makeFlowsShowCommand(ctx))
    .addCommand(makeFlowsGraphCommand(ctx))
    .addCommand(makeFlowsDeleteCommand(ctx))
    .addHelpText('after', EXAMPLES);
}

function addListing(cmd: Command, ctx: Ctx): Command {
  return cmd
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    // `fnf flows list -o json`: commander hands the -o to `fnf flows`, so both are read.
    .action(async (_raw: unknown, command: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(command);
      ctx.exitCode = await runFlows({ output, query, globals: globalsOf(command) }, ctx);
    });
}

export async function runFlows(opts: FlowsOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const flows = await withSpinner(ctx, 'Listing flows', () => listAllFlows(client));
  if (outputMode(opts.output, client, ['text', 'json']) === 'json') writeJson(ctx.io.stdout, { Flows: flows }, 'json', opts.query);
  else if (flows.length === 0) {
    if (!ctx.io.quiet) ctx.io.stderr.write('No flows found.\n');
  } else ctx.io.stdout.write(renderFlowTable(flows));
  return ExitCode.Ok;
}

export function listAllFlows(client: FnfClient): Promise<Flow[]> {
  return collectPages(async (NextToken) => {
    const page = await client.call('ListFlows', { Limit: 1000, ...(NextToken ? { NextToken } : {}) });
    return { items: page.Flows, nextToken: page.NextToken };
  });
}

function renderFlowTable(flows: Flow[]): string {
  const rows = flows.map((f) => [f.Name, f.ExecutionMode ?? '', f.LastModifiedTime ?? '', f.Description ?? '']);
  return renderTable(['NAME', 'MODE', 'MODIFIED', 'DESCRIPTION'], rows);
}
