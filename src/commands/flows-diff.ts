// `fnf flows diff <file>...`: a unified diff between each deployed definition
// and its file; exit 0 when all are equal, 1 when any differs (like
// `git diff --exit-code`). A flow that isn't deployed shows as all added.
import { Command } from 'commander';
import type { FnfClient } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, FnfError } from '../errors.js';
import { checkFlowFiles, readFlowFiles } from './flow-files.js';
import { reportProblems } from './flows-validate.js';
import { globalsOf } from './options.js';

export interface FlowsDiffOptions {
  paths: string[];
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf flows diff flows/order.yaml
  $ fnf flows diff flows/ || echo "flows differ from the deployed ones"

Exit 0 when every file equals its deployed flow, 1 when any differs.
`;

export function makeFlowsDiffCommand(ctx: Ctx): Command {
  return new Command('diff')
    .description('show how flow files differ from the deployed definitions')
    .argument('<file|dir...>', 'flow definitions, or directories of them')
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], _flags: unknown, cmd: Command) => {
      ctx.exitCode = await runFlowsDiff({ paths, globals: globalsOf(cmd) }, ctx);
    });
}

export async function runFlowsDiff(opts: FlowsDiffOptions, ctx: Ctx): Promise<ExitCode> {
  const checked = await checkFlowFiles(readFlowFiles(opts.paths, ctx.cwd));
  if (await reportProblems(checked, 'stderr', ctx)) return ExitCode.Usage;
  const client = await ctx.client(opts.globals);
  const { createTwoFilesPatch } = await import('diff');
  let differs = false;
  for (const file of checked) {
    const deployed = await deployedDefinition(client, file.name!);
    if (deployed === file.text) continue;
    differs = true;
    const patch = createTwoFilesPatch(
      deployed === undefined ? '/dev/null' : `deployed/${file.name}`, file.shown, deployed ?? '', file.text, '', '', { context: 3 },
    );
    // jsdiff starts with an ===== line git does not print.
    ctx.io.stdout.write(colour(patch.replace(/^=+\n/, ''), ctx.io.stdoutIsTTY && ctx.io.color));
  }
  return differs ? ExitCode.ExecutionFailed : ExitCode.Ok;
}

async function deployedDefinition(client: FnfClient, name: string): Promise<string | undefined> {
  try {
    return (await client.call('DescribeFlow', { Name: name })).Definition;
  } catch (err) {
    if (err instanceof FnfError && err.code === 'FlowNotExists') return undefined;
    throw err;
  }
}

/** git's colours: headers bold, hunks cyan, removed red, added green. */
function colour(patch: string, on: boolean): string {
  if (!on) return patch;
  return patch.split('\n').map((line) => {
    if (/^(---|\+\+\+) /.test(line)) return `\x1b[1m${line}\x1b[0m`;
    if (line.startsWith('@@')) return `\x1b[36m${line}\x1b[0m`;
    if (line.startsWith('-')) return `\x1b[31m${line}\x1b[0m`;
    if (line.startsWith('+')) return `\x1b[32m${line}\x1b[0m`;
    return line;
  }).join('\n');
}
