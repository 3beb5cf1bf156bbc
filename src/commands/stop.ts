// `fnf stop <flow> <name>`: stops a running execution.
import { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { validateName } from '../input/names.js';
import { executionArgument, executionRefOf, resolveExecutionName, type ExecutionRef } from './execution-ref.js';
import {
  globalsOf, outputAndQueryOf, outputMode, outputOption, queryOption, writeJson, type OutputMode, type Query,
} from './options.js';
import { withSpinner } from '../ui/spinner.js';
import { withoutRequestId } from '../api/types.js';

export interface StopOptions {
  flow: string;
  execution: ExecutionRef;
  error?: string;
  cause?: string;
  output?: Exclude<OutputMode, 'ndjson'>;
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf stop my_flow order-42
  $ fnf stop my_flow @latest
  $ fnf stop my_flow order-42 --error Cancelled --cause "customer withdrew the order"
`;

export function makeStopCommand(ctx: Ctx): Command {
  return new Command('stop')
    .description('stop a running execution')
    .argument('<flow>', 'flow name')
    .addArgument(executionArgument())
    .option('--error <code>', 'error code recorded on the execution (1-128 characters)')
    .option('--cause <text>', 'cause recorded on the execution (1-4096 characters)')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, name: string | undefined, raw: { error?: string; cause?: string }, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      const opts: StopOptions = {
        flow: validateName('flow', flow),
        execution: executionRefOf(name, cmd, ctx),
        error: checkLength('--error', raw.error, 128),
        cause: checkLength('--cause', raw.cause, 4096),
        output,
        query,
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runStop(opts, ctx);
    });
}

/** The API's limits on Error/Cause (and on ReportTaskFailed's), checked before sending. */
export function checkLength(flag: string, value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 1 || value.length > max) {
    throw new UsageError(`${flag} must be 1 to ${max} characters long, got ${value.length}`);
  }
  return value;
}

export async function runStop(opts: StopOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const name = await resolveExecutionName(opts.execution, opts.flow, client, ctx);
  const res = await withSpinner(ctx, `Stopping ${name}`, () => client.call('StopExecution', {
    FlowName: opts.flow,
    ExecutionName: name,
    ...(opts.error !== undefined ? { Error: opts.error } : {}),
    ...(opts.cause !== undefined ? { Cause: opts.cause } : {}),
  }));
  if (outputMode(opts.output, client, ['text', 'json']) === 'json') writeJson(ctx.io.stdout, withoutRequestId(res), 'json', opts.query);
  else ctx.io.stdout.write(`Stopped ${res.Name} (${res.Status})\n`);
  return ExitCode.Ok;
}
