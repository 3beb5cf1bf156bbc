// `fnf wait <flow> <name>`: follows an execution (new, running or finished) to its end.
import { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import type { ExitCode } from '../errors.js';
import { validateName } from '../input/names.js';
import { executionArgument, executionRefOf, resolveExecutionName, type ExecutionRef } from './execution-ref.js';
import {
  compileQueryOption, followUpCommand, globalsOf, outputMode, outputOption, outputWithQuery, queryOption, timeoutMs, timeoutOption, type OutputMode, type Query,
} from './options.js';

export interface WaitOptions {
  flow: string;
  execution: ExecutionRef;
  timeoutMs?: number;
  output?: OutputMode;
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf wait my_flow order-42
  $ fnf wait my_flow @latest
  $ fnf wait my_flow order-42 --timeout 5m --output ndjson
`;

export function makeWaitCommand(ctx: Ctx): Command {
  return new Command('wait')
    .description('follow an execution until it ends; the exit code tells how it ended')
    .argument('<flow>', 'flow name')
    .addArgument(executionArgument())
    .addOption(timeoutOption())
    .addOption(outputOption(['text', 'json', 'ndjson']))
    .addOption(queryOption())
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, name: string | undefined, raw: { timeout?: number; output?: OutputMode; query?: string }, cmd: Command) => {
      const query = await compileQueryOption(raw.query);
      const opts: WaitOptions = {
        flow: validateName('flow', flow),
        execution: executionRefOf(name, cmd, ctx),
        timeoutMs: raw.timeout,
        output: outputWithQuery(raw.output, query),
        query,
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runWait(opts, ctx);
    });
}

export async function runWait(opts: WaitOptions, ctx: Ctx): Promise<ExitCode> {
  const follow = import('./follow.js');
  const client = await ctx.client(opts.globals);
  const name = await resolveExecutionName(opts.execution, opts.flow, client, ctx);
  const { followExecution } = await follow;
  return followExecution(
    {
      flowName: opts.flow,
      executionName: name,
      output: outputMode(opts.output, client, ['text', 'json', 'ndjson']),
      timeoutMs: timeoutMs(opts.timeoutMs, client),
      resumeCommand: followUpCommand('wait', opts.flow, name, opts.globals),
      describeCommand: followUpCommand('describe', opts.flow, name, opts.globals),
      query: opts.query,
    },
    ctx,
    client,
  );
}
