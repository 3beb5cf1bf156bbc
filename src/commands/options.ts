// Option parsing shared by the execution commands: durations, output modes,
// counts, and the follow-up commands fnf prints. Light: commander only.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { FnfClient } from '../api/types.js';
import type { GlobalOptions, OutputMode } from '../context.js';
import { UsageError } from '../errors.js';

export type { OutputMode };

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/** `90s`, `5m`, `1h`, `1h30m`, `2.5s` → milliseconds. */
export function parseDuration(value: string): number {
  const m = DURATION.exec(value.trim());
  if (!m || value.trim() === '' || (!m[1] && !m[2] && !m[3])) {
    throw new InvalidArgumentError('expected a duration such as 90s, 5m, 1h or 1h30m.');
  }
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
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
  const { profile, region, endpoint, accessKeyId, accessKeySecret, securityToken, verbose, color, quiet } = all;
  return { profile, region, endpoint, accessKeyId, accessKeySecret, securityToken, verbose, color, quiet };
}

/**
 * `fnf wait my_flow exec-1 --profile dev`: a command the user can paste to come
 * back to an execution. It repeats where the user pointed fnf (profile, region,
 * endpoint) and never a credential.
 */
export function followUpCommand(verb: 'wait' | 'describe', flow: string, execution: string, globals: GlobalOptions): string {
  const words = ['fnf', verb, flow, execution];
  if (globals.profile) words.push('--profile', globals.profile);
  if (globals.region) words.push('--region', globals.region);
  if (globals.endpoint) words.push('--endpoint', globals.endpoint);
  return words.map(shellQuote).join(' ');
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The API's answer as fnf prints it with --output json: the API's fields, without the transport's RequestId. */
export function withoutRequestId<T extends { RequestId?: string }>(res: T): Omit<T, 'RequestId'> {
  const { RequestId: _omit, ...rest } = res;
  return rest;
}

export function writeJson(stream: NodeJS.WritableStream, value: unknown, mode: OutputMode = 'json'): void {
  stream.write(`${mode === 'ndjson' ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);
}
