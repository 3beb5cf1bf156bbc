// Option parsing shared by the execution commands: durations, output modes,
// counts, and the follow-up commands fnf prints. Light: commander only.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { FnfClient } from '../api/types.js';
import type { GlobalOptions, OutputMode } from '../context.js';
import { parseDurationText } from '../duration.js';
import { UsageError } from '../errors.js';
import { jsonText } from '../ui/json.js';
import type { Query } from '../ui/query.js';

export type { OutputMode, Query };

/** `90s`, `5m`, `1h`, `1h30m`, `1d`, `2.5s` → milliseconds. */
export function parseDuration(value: string): number {
  const ms = parseDurationText(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 90s, 5m, 1h, 1h30m or 1d.');
  if (ms <= 0) throw new InvalidArgumentError('the duration must be more than 0.');
  return Math.round(ms);
}

export function parsePositiveInt(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}.`);
    }
    return n;
  };
}

/** No commander default: an untyped --output falls back to the profile's `output`, then text (see outputMode). */
export function outputOption(modes: readonly OutputMode[]): Option {
  return new Option('-o, --output <mode>', 'output format (default: the profile\'s output, else text)').choices(modes);
}

/** `--query <jmespath>` (the aliyun and AWS CLIs' flag): what to print of the JSON; implies --output json. */
export function queryOption(): Option {
  return new Option('--query <jmespath>', 'print only what this JMESPath expression selects from the JSON (implies --output json)');
}

/** `--junit <file>`: a JUnit XML report of the watch, for the CI systems that read one. */
export function junitOption(): Option {
  return new Option('--junit <file>', 'when the watch ends, write a JUnit XML report there (one testcase per top-level step)');
}

/** --junit as typed; it reports on a watch, so it needs --wait. */
export function junitWithWait(file: string | undefined, wait: boolean | undefined): string | undefined {
  if (file !== undefined && !wait) throw new UsageError('--junit reports on a watch: add --wait');
  return file;
}

/** The compiled --query, checked before any request (a bad expression exits 2 with its column). The library loads only now. */
async function compileQueryOption(expression: string | undefined): Promise<Query | undefined> {
  if (expression === undefined) return undefined;
  const { compileQuery } = await import('../ui/query.js');
  return compileQuery(expression);
}

/**
 * --output and --query as `cmd` got them (every command that takes them reads them here), also where its parent takes them too:
 * commander gives an option typed after a `fnf flows` subcommand's arguments to
 * `fnf flows` itself, so both places are read. The query compiled, and the
 * output it implies.
 */
export async function outputAndQueryOf<M extends OutputMode>(cmd: Command): Promise<{ output?: M; query?: Query }> {
  const typed = cmd.optsWithGlobals<{ output?: M; query?: string }>();
  const query = await compileQueryOption(typed.query);
  return { output: outputWithQuery(typed.output, query), query };
}

/** --output as typed, with --query implying json (ndjson keeps, one selection per line). */
function outputWithQuery<M extends OutputMode>(typed: M | undefined, query: Query | undefined): M | undefined {
  if (!query) return typed;
  if (typed === 'text') throw new UsageError('--query selects from JSON: use it with --output json (or ndjson), or leave --output out');
  return typed ?? ('json' as M);
}

/** --output as typed, else the profile's `output` when this command offers it, else text. */
export function outputMode<M extends OutputMode>(typed: M | undefined, client: FnfClient, modes: readonly M[]): M {
  const fromProfile = modes.find((m) => m === client.defaults?.output);
  return typed ?? fromProfile ?? ('text' as M);
}

/** --timeout as typed, else the profile's `timeout`. */
export function timeoutMs(typed: number | undefined, client: FnfClient): number | undefined {
  if (typed !== undefined || !client.defaults?.timeout) return typed;
  try {
    return parseDuration(client.defaults.timeout);
  } catch {
    throw new UsageError(`the profile's timeout "${client.defaults.timeout}" is not a duration such as 90s, 5m or 1h`);
  }
}

export function timeoutOption(): Option {
  return new Option('--timeout <duration>', 'stop waiting after this long (exit 124); the execution keeps running')
    .argParser(parseDuration);
}

/** The global options of the whole command line (profile, endpoint, credentials…), for ctx.client(). */
export function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<GlobalOptions>();
  const { profile, region, endpoint, accessKeyId, accessKeySecret, securityToken, verbose } = all;
  return { profile, region, endpoint, accessKeyId, accessKeySecret, securityToken, verbose };
}

/**
 * `fnf wait my_flow exec-1 --profile dev`: a command the user can paste to come
 * back to an execution. It repeats where the user pointed fnf (profile, region,
 * endpoint) and never a credential.
 */
export function followUpCommand(verb: 'wait' | 'describe', flow: string, execution: string | readonly string[], globals: GlobalOptions): string {
  const words = ['fnf', verb, flow, ...(typeof execution === 'string' ? [execution] : execution)];
  if (globals.profile) words.push('--profile', globals.profile);
  if (globals.region) words.push('--region', globals.region);
  if (globals.endpoint) words.push('--endpoint', globals.endpoint);
  return words.map(shellQuote).join(' ');
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}


/** One JSON document (pretty) or line (ndjson), of what `query` selects when there is one. */
export function writeJson(stream: NodeJS.WritableStream, value: unknown, mode: Exclude<OutputMode, 'text'> = 'json', query?: Query): void {
  stream.write(jsonText(value, mode, query));
}

/**
 * A preSubcommand hook for a command that has options of its own (flows, test):
 * commander gives it those typed after a subcommand's name too. The subcommands
 * that take the same option read it from there (optsWithGlobals); for the others
 * it is an unknown option, not one silently ignored.
 */
export function refuseOptionsSubcommandLacks(parent: Command, sub: Command): void {
  for (const option of parent.options) {
    const key = option.attributeName();
    if (parent.getOptionValueSource(key) === 'cli' && !sub.options.some((o) => o.attributeName() === key)) {
      sub.error(`error: unknown option '${option.long ?? option.short}'`, { code: 'commander.unknownOption', exitCode: 2 });
    }
  }
}
