// `fnf describe <flow> <name>`: one execution's status, times, input, output or error.
import { Command, Option } from 'commander';
import { withoutRequestId, type FnfClient, type HistoryEvent } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, exitCodeForStatus } from '../errors.js';
import { validateName } from '../input/names.js';
import { executionArgument, executionRefOf, resolveExecutionName, type ExecutionRef } from './execution-ref.js';
import {
  globalsOf, outputAndQueryOf, outputMode, outputOption, queryOption, writeJson, type OutputMode, type Query,
} from './options.js';
import { collectPages } from './paging.js';
import { renderExecutionText } from './render/execution-text.js';
import { withSpinner } from '../ui/spinner.js';

export interface DescribeOptions {
  flow: string;
  execution: ExecutionRef;
  history: boolean;
  /** As typed; undefined falls back to the profile's output. */
  output?: Exclude<OutputMode, 'ndjson'>;
  /** Exit with the code of the execution's end state (1 Failed, 3 TimedOut, 4 Stopped). */
  exitStatus: boolean;
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf describe my_flow order-42
  $ fnf describe my_flow order-42 --history
  $ fnf describe my_flow @latest-failed --history
  $ fnf describe my_flow order-42 --output json | jq -r .Output
  $ fnf describe my_flow @latest --query Status
  $ fnf describe my_flow order-42 --exit-status && echo succeeded
`;

export function makeDescribeCommand(ctx: Ctx): Command {
  return new Command('describe')
    .description("show an execution's status, times, input, and output or error")
    .argument('<flow>', 'flow name')
    .addArgument(executionArgument())
    .option('--history', 'also list the execution history events')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .addOption(new Option('--exit-status', 'exit with the code of the end state: 1 Failed, 3 TimedOut, 4 Stopped'))
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, name: string | undefined, raw: { history?: boolean; exitStatus?: boolean }, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      const opts: DescribeOptions = {
        flow: validateName('flow', flow),
        execution: executionRefOf(name, cmd, ctx),
        history: Boolean(raw.history),
        output,
        exitStatus: Boolean(raw.exitStatus),
        query,
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runDescribe(opts, ctx);
    });
}

export async function runDescribe(opts: DescribeOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const name = await resolveExecutionName(opts.execution, opts.flow, client, ctx);
  const ids = { FlowName: opts.flow, ExecutionName: name };
  const { execution, events } = await withSpinner(ctx, `Describing ${name}`, async () => ({
    execution: withoutRequestId(await client.call('DescribeExecution', ids)),
    events: opts.history ? await history(client, ids) : undefined,
  }));
  if (outputMode(opts.output, client, ['text', 'json']) === 'json') writeJson(ctx.io.stdout, events ? { ...execution, Events: events } : execution, 'json', opts.query);
  else ctx.io.stdout.write(renderExecutionText({ execution, events, now: ctx.clock.now(), color: ctx.io.color }));
  return opts.exitStatus ? exitCodeForStatus(execution.Status) : ExitCode.Ok;
}

/** Every history event of an execution, all pages. */
export function history(client: FnfClient, ids: { FlowName: string; ExecutionName: string }): Promise<HistoryEvent[]> {
  return collectPages(async (NextToken) => {
    const page = await client.call('GetExecutionHistory', { ...ids, Limit: 1000, ...(NextToken ? { NextToken } : {}) });
    return { items: page.Events, nextToken: page.NextToken };
  });
}
