// `fnf flows validate <file|dir>...`: every problem of every flow definition,
// offline (no credentials, no endpoint), with the checker `fnf local serve` uses.
import { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { plural } from '../ui/format.js';
import { checkFlowFiles, formatProblem, problemText, readFlowFiles, type CheckedFile, type FileProblem } from './flow-files.js';
import { globalsOf, outputAndQueryOf, outputOption, queryOption, writeJson, type Query } from './options.js';

export interface FlowsValidateOptions {
  paths: string[];
  output: 'text' | 'json';
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf flows validate flows/
  $ fnf flows validate flows/order.yaml flows/refund.yaml --output json
  $ fnf flows validate flows/ --query '[].file'

Each problem is printed as file:line:col: path: message. Exit 0 when every file is
valid, 2 otherwise. With GITHUB_ACTIONS=true each problem is also an ::error annotation.
`;

export function makeFlowsValidateCommand(ctx: Ctx): Command {
  return new Command('validate')
    .description('check flow definitions offline and report every problem')
    .argument('<file|dir...>', 'flow definitions (*.yaml, *.yml, *.json), or directories of them')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], _raw: unknown, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      ctx.exitCode = await runFlowsValidate({ paths, output: output ?? 'text', query, globals: globalsOf(cmd) }, ctx);
    });
}

export async function runFlowsValidate(opts: FlowsValidateOptions, ctx: Ctx): Promise<ExitCode> {
  const checked = await checkFlowFiles(readFlowFiles(opts.paths, ctx.cwd));
  if (opts.output === 'json') writeProblemsJson(checked, ctx, opts.query);
  if (await reportProblems(checked, opts.output, ctx)) return ExitCode.Usage;
  if (!ctx.io.quiet) ctx.io.stderr.write(`${plural(checked.length, 'flow definition')} valid\n`);
  return ExitCode.Ok;
}

/** Every problem as one JSON array: flows validate's result, and `fnf test`'s when its files keep it from running. */
export function writeProblemsJson(checked: ReadonlyArray<Pick<CheckedFile, 'problems'>>, ctx: Ctx, query?: Query): void {
  writeJson(ctx.io.stdout, checked.flatMap((f) => f.problems), 'json', query);
}

/**
 * Prints the problems (text lines on stdout, where they are the result; on
 * stderr for commands whose stdout is a diff or a diagram; none when the caller
 * prints JSON), their GitHub annotations and a count; false when there are none.
 * Deploy, diff and graph check their files with this before any request; `fnf test` its test and flow files.
 */
export async function reportProblems(checked: ReadonlyArray<Pick<CheckedFile, 'problems'>>, output: 'text' | 'json' | 'stderr', ctx: Ctx): Promise<boolean> {
  const problems = checked.flatMap((f) => f.problems);
  if (problems.length === 0) return false;
  if (output !== 'json') for (const p of problems) (output === 'text' ? ctx.io.stdout : ctx.io.stderr).write(`${formatProblem(p)}\n`);
  if (ctx.env.GITHUB_ACTIONS === 'true') {
    // The GitHub renderer's escaping, loaded only on GitHub.
    const { escapeData, escapeProperty } = await import('../ui/github.js');
    for (const p of problems) ctx.io.stderr.write(`${githubAnnotation(p, escapeData, escapeProperty)}\n`);
  }
  const bad = checked.filter((f) => f.problems.length > 0).length;
  ctx.io.stderr.write(`fnf: ${plural(problems.length, 'problem')} in ${bad} of ${plural(checked.length, 'file')}\n`);
  return true;
}

/** `::error file=…,line=…,col=…::path: message`, which GitHub shows on the pull request's diff. */
function githubAnnotation(p: FileProblem, escapeData: (s: string) => string, escapeProperty: (s: string) => string): string {
  const props = [`file=${escapeProperty(p.file)}`];
  if (p.line !== undefined) props.push(`line=${p.line}`, `col=${p.column ?? 1}`);
  return `::error ${props.join(',')}::${escapeData(problemText(p))}`;
}
