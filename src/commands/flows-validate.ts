// `fnf flows validate <file|dir>...`: every problem of every flow definition,
// offline (no credentials, no endpoint), with the checker `fnf local serve` uses.
import { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { escapeData, escapeProperty } from '../ui/github.js';
import { checkFlowFiles, formatProblem, readFlowFiles, subcommandOutput, type FileProblem } from './flow-files.js';
import { globalsOf, outputOption, writeJson } from './options.js';

export interface FlowsValidateOptions {
  paths: string[];
  output: 'text' | 'json';
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf flows validate flows/
  $ fnf flows validate flows/order.yaml flows/refund.yaml --output json

Each problem is printed as file:line:col: path: message. Exit 0 when every file is
valid, 2 otherwise. With GITHUB_ACTIONS=true each problem is also an ::error annotation.
`;

export function makeFlowsValidateCommand(ctx: Ctx): Command {
  return new Command('validate')
    .description('check flow definitions offline and report every problem')
    .argument('<file|dir...>', 'flow definitions (*.yaml, *.yml, *.json), or directories of them')
    .addOption(outputOption(['text', 'json']))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], _raw: unknown, cmd: Command) => {
      ctx.exitCode = await runFlowsValidate({ paths, output: subcommandOutput(cmd) ?? 'text', globals: globalsOf(cmd) }, ctx);
    });
}

export async function runFlowsValidate(opts: FlowsValidateOptions, ctx: Ctx): Promise<ExitCode> {
  const checked = await checkFlowFiles(readFlowFiles(opts.paths, ctx.cwd));
  const problems = checked.flatMap((f) => f.problems);
  if (opts.output === 'json') writeJson(ctx.io.stdout, problems);
  else for (const p of problems) ctx.io.stdout.write(`${formatProblem(p)}\n`);
  if (ctx.env.GITHUB_ACTIONS === 'true') for (const p of problems) ctx.io.stderr.write(`${githubAnnotation(p)}\n`);
  const bad = checked.filter((f) => f.problems.length > 0).length;
  if (bad > 0) {
    ctx.io.stderr.write(`fnf: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${bad} of ${checked.length} file${checked.length === 1 ? '' : 's'}\n`);
    return ExitCode.Usage;
  }
  if (!opts.globals.quiet) ctx.io.stderr.write(`${checked.length} flow definition${checked.length === 1 ? '' : 's'} valid\n`);
  return ExitCode.Ok;
}

/** `::error file=…,line=…,col=…::path: message`, which GitHub shows on the pull request's diff. */
export function githubAnnotation(p: FileProblem): string {
  const props = [`file=${escapeProperty(p.file)}`];
  if (p.line !== undefined) props.push(`line=${p.line}`, `col=${p.column ?? 1}`);
  return `::error ${props.join(',')}::${escapeData(p.path ? `${p.path}: ${p.message}` : p.message)}`;
}
