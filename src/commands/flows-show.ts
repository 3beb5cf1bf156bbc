// `fnf flows show <name>`: DescribeFlow — the definition, its mode, role and times.
import { Command } from 'commander';
import { withoutRequestId, type Flow } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { validateName } from '../input/names.js';
import { withSpinner } from '../ui/spinner.js';
import { globalsOf, outputAndQueryOf, outputMode, outputOption, queryOption, writeJson, type Query } from './options.js';
import { renderFields } from './render/table.js';

export interface FlowsShowOptions {
  name: string;
  output?: 'text' | 'json';
  query?: Query;
  globals: GlobalOptions;
}

export function makeFlowsShowCommand(ctx: Ctx): Command {
  return new Command('show')
    .description("show a deployed flow: its definition, mode, role and times")
    .argument('<flow>', 'flow name')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .addHelpText('after', `
Examples:
  $ fnf flows show order
  $ fnf flows show order --output json | jq -r .Definition > order.yaml
  $ fnf flows show order --query LastModifiedTime
`)
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      ctx.exitCode = await runFlowsShow({ name: validateName('flow', name), ...(await outputAndQueryOf<'text' | 'json'>(cmd)), globals: globalsOf(cmd) }, ctx);
    });
}

export async function runFlowsShow(opts: FlowsShowOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const flow = withoutRequestId(await withSpinner(ctx, `Describing ${opts.name}`, () => client.call('DescribeFlow', { Name: opts.name })));
  if (outputMode(opts.output, client, ['text', 'json']) === 'json') writeJson(ctx.io.stdout, flow, 'json', opts.query);
  else ctx.io.stdout.write(renderFlowText(flow));
  return ExitCode.Ok;
}

function renderFlowText(flow: Omit<Flow, 'RequestId'>): string {
  const rows: Array<[string, string | undefined]> = [
    ['Name', flow.Name],
    ['Mode', flow.ExecutionMode || 'Standard'],
    ['Role', flow.RoleArn],
    ['Description', flow.Description],
    ['Created', flow.CreatedTime],
    ['Modified', flow.LastModifiedTime],
  ];
  const definition = flow.Definition.endsWith('\n') ? flow.Definition : `${flow.Definition}\n`;
  return `${renderFields(rows)}\n\n${definition}`;
}
