// `fnf wait <flow> <name>...`: follows executions (new, running or finished)
// to their end. One name gets the full view of its steps; several names,
// --prefix or --running get one row (or tagged lines) per execution.
import { Command } from 'commander';
import type { Execution, FnfClient } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode } from '../errors.js';
import { validateName } from '../input/names.js';
import { executionRefOf, executionsArgument, resolveExecutionName, type ExecutionRef } from './execution-ref.js';
import {
  followUpCommand, globalsOf, junitOption, outputAndQueryOf, outputMode, outputOption, queryOption, timeoutMs, timeoutOption, writeJson,
  type OutputMode, type Query,
} from './options.js';
import { collectPages } from './paging.js';

export interface WaitOptions {
  flow: string;
  /** The executions named (names or shortcuts); empty when --prefix or --running select them. */
  executions: ExecutionRef[];
  /** Every execution whose name starts with this. */
  prefix?: string;
  /** Every execution that is running now (with --prefix: those of them). */
  running: boolean;
  /** Return when the first one ends. */
  any: boolean;
  timeoutMs?: number;
  output?: OutputMode;
  query?: Query;
  junitFile?: string;
  globals: GlobalOptions;
}

interface RawWaitFlags {
  prefix?: string;
  running?: boolean;
  any?: boolean;
  timeout?: number;
  junit?: string;
}

/** At most this many executions are selected by --prefix or --running. */
export const MAX_SELECTED = 1000;

const EXAMPLES = `
Examples:
  $ fnf wait my_flow order-42
  $ fnf wait my_flow @latest
  $ fnf wait my_flow order-42 --timeout 5m --output ndjson
  $ fnf wait my_flow order-41 order-42 order-43
  $ fnf wait my_flow --prefix nightly-2026-12-01 --any
  $ fnf wait my_flow --running --output ndjson

With several executions the exit code is 0 when every one succeeded, else the
code of the worst end: Failed (1) before TimedOut (3) before Stopped (4).
With --any it is the code of the first one to end.
`;

export function makeWaitCommand(ctx: Ctx): Command {
  return new Command('wait')
    .description('follow executions until they end; the exit code tells how they ended')
    .argument('<flow>', 'flow name')
    .addArgument(executionsArgument())
    .option('--prefix <prefix>', 'every execution whose name starts with this')
    .option('--running', 'every execution that is running now')
    .option('--any', 'return when the first execution ends, with its exit code')
    .addOption(timeoutOption())
    .addOption(outputOption(['text', 'json', 'ndjson']))
    .addOption(queryOption())
    .addOption(junitOption())
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, names: string[], raw: RawWaitFlags, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<OutputMode>(cmd);
      const selects = raw.prefix !== undefined || Boolean(raw.running);
      const opts: WaitOptions = {
        flow: validateName('flow', flow),
        // No name and nothing that selects: a picker on a terminal, else the usage.
        executions: names.length === 0 && !selects ? [executionRefOf(undefined, cmd, ctx)] : names.map((n) => executionRefOf(n, cmd, ctx)),
        prefix: raw.prefix,
        running: Boolean(raw.running),
        any: Boolean(raw.any),
        timeoutMs: raw.timeout,
        output,
        query,
        junitFile: raw.junit,
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runWait(opts, ctx);
    });
}

export async function runWait(opts: WaitOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const { names, listed } = await selectExecutions(opts, client, ctx);
  const output = outputMode(opts.output, client, ['text', 'json', 'ndjson']);
  const limitMs = timeoutMs(opts.timeoutMs, client);
  if (names.length === 1 && opts.prefix === undefined && !opts.running) {
    const { followExecution } = await import('./follow.js');
    const [name] = names as [string];
    return followExecution({
      flowName: opts.flow, executionName: name, output, timeoutMs: limitMs, query: opts.query, junitFile: opts.junitFile,
      resumeCommand: followUpCommand('wait', opts.flow, name, opts.globals),
      describeCommand: followUpCommand('describe', opts.flow, name, opts.globals),
    }, ctx, client);
  }
  if (names.length === 0) {
    // A script reading the JSON gets its document, of no executions.
    if (output === 'json') writeJson(ctx.io.stdout, { Executions: [] }, 'json', opts.query);
    if (!ctx.io.quiet) ctx.io.stderr.write(`No ${opts.running ? 'running ' : ''}executions of ${opts.flow}${opts.prefix ? ` start with "${opts.prefix}"` : ''}; nothing to wait for.\n`);
    return ExitCode.Ok;
  }
  return followNames(names, {
    flow: opts.flow, output, timeoutMs: limitMs, any: opts.any, query: opts.query, junitFile: opts.junitFile, globals: opts.globals, listed,
    // Names typed besides --prefix need not start with it.
    prefix: opts.executions.length === 0 ? opts.prefix : undefined,
  }, ctx, client);
}

/** Follows `names` together (the many view); shared with `fnf start --each --wait`. */
export async function followNames(
  names: readonly string[],
  opts: {
    flow: string; output: OutputMode; timeoutMs?: number; timeoutSince?: number; any: boolean; query?: Query; junitFile?: string; globals: GlobalOptions;
    listed?: ReadonlyMap<string, Execution>;
    prefix?: string;
  },
  ctx: Ctx,
  client: FnfClient,
): Promise<ExitCode> {
  const { followMany } = await import('./follow-many.js');
  return followMany({
    flowName: opts.flow, names, listed: opts.listed, prefix: opts.prefix, output: opts.output, any: opts.any, junitFile: opts.junitFile, timeoutMs: opts.timeoutMs, timeoutSince: opts.timeoutSince, query: opts.query,
    resumeCommand: (pending) => followUpCommand('wait', opts.flow, pending, opts.globals),
    historyCommand: (name) => `${followUpCommand('describe', opts.flow, name, opts.globals)} --history`,
  }, ctx, client);
}

/**
 * The names typed (shortcuts resolved), then those --prefix / --running select; each once, in that order.
 * `listed`: what the list said of the selected ones, so their watches need not ask again.
 */
async function selectExecutions(opts: WaitOptions, client: FnfClient, ctx: Ctx): Promise<{ names: string[]; listed: Map<string, Execution> }> {
  const listed = new Map<string, Execution>();
  const names: string[] = [];
  for (const ref of opts.executions) names.push(await resolveExecutionName(ref, opts.flow, client, ctx));
  if (opts.prefix !== undefined || opts.running) {
    const found = await collectPages<Execution>(async (NextToken) => {
      const page = await client.call('ListExecutions', {
        FlowName: opts.flow, Limit: 100, MetadataOnly: true,
        ...(opts.prefix !== undefined ? { ExecutionNamePrefix: opts.prefix } : {}),
        ...(opts.running ? { Status: 'Running' as const } : {}),
        ...(NextToken ? { NextToken } : {}),
      });
      return { items: page.Executions, nextToken: page.NextToken };
    }, MAX_SELECTED);
    for (const e of found) {
      names.push(e.Name);
      listed.set(e.Name, e);
    }
  }
  return { names: [...new Set(names)], listed };
}
