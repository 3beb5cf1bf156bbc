// `fnf flows graph <file|flow> [--format mermaid|dot]`: draws a flow, from a
// file (offline) or from the deployed definition of the flow with that name.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { validateName } from '../input/names.js';
import { checkFlowFiles, readFlowFiles, type FlowFile } from './flow-files.js';
import { reportProblems } from './flows-validate.js';
import { globalsOf } from './options.js';

export interface FlowsGraphOptions {
  target: string;
  format: 'mermaid' | 'dot';
  globals: GlobalOptions;
}

export function makeFlowsGraphCommand(ctx: Ctx): Command {
  return new Command('graph')
    .description('draw a flow as a Mermaid or Graphviz diagram')
    .argument('<file|flow>', 'a flow definition file, or the name of a deployed flow')
    .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'))
    .addHelpText('after', `
Examples:
  $ fnf flows graph flows/order.yaml > order.mmd
  $ fnf flows graph order --format dot | dot -Tsvg > order.svg

Mermaid renders in GitHub and GitLab Markdown inside a \`\`\`mermaid block.
`)
    .action(async (target: string, flags: { format: 'mermaid' | 'dot' }, cmd: Command) => {
      ctx.exitCode = await runFlowsGraph({ target, format: flags.format, globals: globalsOf(cmd) }, ctx);
    });
}

export async function runFlowsGraph(opts: FlowsGraphOptions, ctx: Ctx): Promise<ExitCode> {
  const file = existsSync(resolve(ctx.cwd, opts.target))
    ? readFlowFiles([opts.target], ctx.cwd)[0]!
    : await deployedFile(opts, ctx);
  const [checked] = await checkFlowFiles([file]);
  if (await reportProblems([checked!], 'stderr', ctx)) return ExitCode.Usage;
  const { definitionGraph, renderDot, renderMermaid } = await import('../local/flow/graph.js');
  const graph = definitionGraph(file.text, checked!.name!)!;
  ctx.io.stdout.write(opts.format === 'dot' ? renderDot(graph) : renderMermaid(graph));
  return ExitCode.Ok;
}

async function deployedFile(opts: FlowsGraphOptions, ctx: Ctx): Promise<FlowFile> {
  const name = validateName('flow', opts.target);
  const client = await ctx.client(opts.globals);
  const flow = await client.call('DescribeFlow', { Name: name });
  return { shown: `${name} (deployed)`, text: flow.Definition };
}
