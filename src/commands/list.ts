// `fnf list [flow]`: recent executions of one flow, or of every flow.
import { Command, Option } from 'commander';
import type { Execution, ExecutionStatus, FnfClient } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { validateName } from '../input/names.js';
import { colors, statusLabel } from '../ui/format.js';
import { durationOf, errorText } from '../ui/result.js';
import {
  globalsOf, outputAndQueryOf, outputMode, outputOption, parseDuration, parsePositiveInt, queryOption, writeJson, type Query,
} from './options.js';
import { listAllFlows } from './flows.js';
import { collectPages } from './paging.js';
import { renderTable } from './render/table.js';
import { withSpinner } from '../ui/spinner.js';

const STATUSES: ExecutionStatus[] = ['Starting', 'Running', 'Stopped', 'Succeeded', 'Failed', 'TimedOut'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const MAX_ERROR_CELL = 80;

export interface ListOptions {
  /** Undefined: every flow. */
  flow?: string;
  status?: ExecutionStatus;
  prefix?: string;
  /** Only executions started in the last sinceMs. */
  sinceMs?: number;
  limit: number;
  output?: 'text' | 'json';
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf list
  $ fnf list my_flow --status Failed --since 1h
  $ fnf list my_flow --prefix order- --limit 10 --output json
  $ fnf list my_flow --status Failed --query 'Executions[].Name'
`;

export function makeListCommand(ctx: Ctx): Command {
  return new Command('list')
    .description('list recent executions of a flow (of every flow when none is named), newest first')
    .argument('[flow]', 'flow name')
    .addOption(new Option('--status <status>', 'only executions in this status').choices(STATUSES))
    .option('--prefix <prefix>', 'only executions whose name starts with this')
    .option('--since <duration>', 'only executions started within this duration, e.g. 1h', parseDuration)
    .option('--limit <n>', `at most this many executions (1-${MAX_LIMIT})`, parsePositiveInt(MAX_LIMIT), DEFAULT_LIMIT)
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string | undefined, raw: Omit<ListOptions, 'flow' | 'globals' | 'sinceMs' | 'output' | 'query'> & { since?: number }, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      const opts: ListOptions = {
        flow: flow === undefined ? undefined : validateName('flow', flow),
        status: raw.status,
        prefix: raw.prefix,
        sinceMs: raw.since,
        limit: raw.limit,
        output,
        query,
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runList(opts, ctx);
    });
}

export async function runList(opts: ListOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const output = outputMode(opts.output, client, ['text', 'json']);
  const executions = await withSpinner(ctx, 'Listing executions', async () => {
    const flows = opts.flow ? [opts.flow] : (await listAllFlows(client)).map((f) => f.Name);
    const found: Execution[] = [];
    for (const flow of flows) found.push(...(await listExecutions(client, flow, { ...opts, output }, ctx.clock.now())));
    return found;
  });
  const newestFirst = executions
    .sort((a, b) => Date.parse(b.StartedTime) - Date.parse(a.StartedTime))
    .slice(0, opts.limit);

  if (output === 'json') {
    writeJson(ctx.io.stdout, { Executions: newestFirst }, 'json', opts.query);
  } else if (newestFirst.length === 0) {
    if (!ctx.io.quiet) ctx.io.stderr.write(`No executions found${opts.flow ? ` for flow ${opts.flow}` : ''}.\n`);
  } else {
    ctx.io.stdout.write(renderExecutionTable(newestFirst, { withFlow: !opts.flow, now: ctx.clock.now(), color: ctx.io.color }));
  }
  return ExitCode.Ok;
}

function listExecutions(client: FnfClient, flow: string, opts: ListOptions, now: number): Promise<Execution[]> {
  const filters = {
    FlowName: flow,
    Limit: Math.min(100, opts.limit),
    ...(opts.status ? { Status: opts.status } : {}),
    ...(opts.prefix ? { ExecutionNamePrefix: opts.prefix } : {}),
    ...(opts.sinceMs ? { StartedTimeBegin: new Date(now - opts.sinceMs).toISOString() } : {}),
    // The table shows no input or output: don't fetch them.
    ...(opts.output === 'text' ? { MetadataOnly: true } : {}),
  };
  return collectPages(async (NextToken) => {
    const page = await client.call('ListExecutions', { ...filters, ...(NextToken ? { NextToken } : {}) });
    return { items: page.Executions, nextToken: page.NextToken };
  }, opts.limit);
}

function renderExecutionTable(executions: Execution[], view: { withFlow: boolean; now: number; color: boolean }): string {
  const c = colors(view.color);
  // The ERROR column appears when some execution has an error to show.
  const withError = executions.some((e) => errorCell(e) !== '');
  const header = [...(view.withFlow ? ['FLOW'] : []), 'NAME', 'STATUS', 'STARTED', 'DURATION', ...(withError ? ['ERROR'] : [])];
  const statusColumn = view.withFlow ? 2 : 1;
  const rows = executions.map((e) => [
    ...(view.withFlow ? [e.FlowName] : []), e.Name, e.Status, e.StartedTime, durationOf(e, view.now), ...(withError ? [errorCell(e)] : []),
  ]);
  return renderTable(header, rows, {
    style: (col, cell, padded) => (col === statusColumn ? padded.replace(cell, statusLabel(cell, c)) : padded),
  });
}

/** `Item.Bad: item 2 is bad`: the code and the first line of the cause, cut to fit a row. */
function errorCell(e: Execution): string {
  const text = errorText(e.ErrorCode, e.ErrorMessage?.split(/\r?\n/)[0]);
  return text.length > MAX_ERROR_CELL ? `${text.slice(0, MAX_ERROR_CELL - 1)}…` : text;
}
