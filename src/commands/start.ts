// `fnf start <flow>`: starts an execution (optionally waits for it to end).
import { Command, Option } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, exitCodeForStatus } from '../errors.js';
import { outputsOf, writeGitHubOutputs } from '../ui/ci/reports.js';
import { generateExecutionName, validateName } from '../input/names.js';
import { inputSourceOf, readJsonObject, type InputSource } from '../input/source.js';
import {
  followUpCommand, globalsOf, junitOption, junitWithWait, outputAndQueryOf, outputMode, outputOption, queryOption, timeoutMs, timeoutOption,
  writeJson, type OutputMode, type Query,
} from './options.js';
import { withoutRequestId } from '../api/types.js';

export interface StartOptions {
  flow: string;
  /** Given with --name; otherwise generated once, before the first attempt. */
  name?: string;
  input: InputSource;
  wait: boolean;
  /** StartSyncExecution (Express flows): the answer is the end state. */
  sync: boolean;
  /** One execution per line of NDJSON on stdin. */
  each?: boolean;
  timeoutMs?: number;
  /** As typed; undefined falls back to the profile's output. */
  output?: OutputMode;
  qualifier?: string;
  query?: Query;
  /** --junit, with --wait. */
  junitFile?: string;
  globals: GlobalOptions;
}

export interface RawStartFlags {
  name?: string;
  input?: string;
  inputFile?: string;
  wait?: boolean;
  sync?: boolean;
  each?: boolean;
  timeout?: number;
  output?: OutputMode;
  qualifier?: string;
  query?: string;
  junit?: string;
}

const EXAMPLES = `
Examples:
  $ fnf start my_flow --input '{"orderId": 42}' --wait
  $ fnf start my_flow --input @order.json --name order-42 --timeout 10m --wait
  $ jq -c .order order.json | fnf start my_flow --output json
  $ fnf start my_flow --wait --query Output
  $ fnf start my_flow --wait --junit reports/my_flow.xml
  $ fnf start my_express_flow --sync --input-file event.json
  $ jq -c '.orders[]' batch.json | fnf start my_flow --each --wait
`;

/** The options `start` and `rerun` both take, after the input and --wait: the watch's bound, what to print, the report. */
export function addStartOutputOptions(cmd: Command): Command {
  return cmd.addOption(timeoutOption()).addOption(outputOption(['text', 'json', 'ndjson'])).addOption(queryOption()).addOption(junitOption());
}

export function makeStartCommand(ctx: Ctx): Command {
  return addStartOutputOptions(new Command('start')
    .description('start an execution of a flow')
    .argument('<flow>', 'flow name')
    .option('-n, --name <name>', 'execution name (default: <flow>-<yyyyMMdd-HHmmss>-<random>)')
    .option('-i, --input <json>', "input: inline JSON, @file, or - for stdin (default: piped stdin, else {})")
    .option('--input-file <file>', 'read the input from a file')
    .addOption(new Option('-w, --wait', 'follow the execution until it ends; the exit code tells how it ended').conflicts('sync')))
    .option('--qualifier <qualifier>', 'flow version or alias to run')
    .addOption(new Option('--sync', 'run an Express flow synchronously (StartSyncExecution) and print its output').conflicts('qualifier'))
    .addOption(new Option('--each', 'one execution per line of NDJSON on stdin (with --wait: all followed together)').conflicts(['sync', 'name']))
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, raw: RawStartFlags, cmd: Command) => {
      ctx.exitCode = await runStart(startOptionsFrom(flow, raw, globalsOf(cmd), await outputAndQueryOf<OutputMode>(cmd)), ctx);
    });
}

function startOptionsFrom(flow: string, raw: RawStartFlags, globals: GlobalOptions, { output, query }: { output?: OutputMode; query?: Query }): StartOptions {
  return {
    flow: validateName('flow', flow),
    name: raw.name === undefined ? undefined : validateName('execution', raw.name),
    input: inputSourceOf(raw.input, raw.inputFile),
    wait: Boolean(raw.wait),
    sync: Boolean(raw.sync),
    each: Boolean(raw.each),
    timeoutMs: raw.timeout,
    output,
    qualifier: raw.qualifier,
    query,
    junitFile: junitWithWait(raw.junit, raw.wait),
    globals,
  };
}

export async function runStart(opts: StartOptions, ctx: Ctx): Promise<ExitCode> {
  if (opts.each) return (await import('./start-each.js')).runStartEach(opts, ctx);
  // The watcher loads while input, config and StartExecution are under way.
  const follow = opts.wait ? import('./follow.js') : undefined;
  const input = await readJsonObject(opts.input, ctx);
  const name = opts.name ?? generateExecutionName(opts.flow, ctx.clock.now());
  const client = await ctx.client(opts.globals);
  const output = outputMode(opts.output, client, ['text', 'json', 'ndjson']);
  // The live view loads while StartExecution is on its way (see preloadRenderer). The small choose
  // module is awaited, so its import is not left pending when the command ends early (an error, a test).
  if (follow && !opts.sync) (await import('../ui/choose.js')).preloadRenderer(output, ctx);

  if (opts.sync) {
    const res = await client.call('StartSyncExecution', { FlowName: opts.flow, ExecutionName: name, Input: input });
    if (output === 'text') {
      if (res.Status === 'Succeeded') ctx.io.stdout.write(`${res.Output ?? '{}'}\n`);
      else ctx.io.stderr.write(`fnf: execution ${res.Name} ${res.Status}${res.ErrorCode ? `: ${res.ErrorCode}` : ''}${res.ErrorMessage ? `: ${res.ErrorMessage}` : ''}\n`);
    } else {
      writeJson(ctx.io.stdout, withoutRequestId(res), output, opts.query);
    }
    return exitCodeForStatus(res.Status);
  }

  // --timeout bounds the whole command: retries of a start that keeps timing out must not outlast it.
  const limitMs = timeoutMs(opts.timeoutMs, client);
  const since = ctx.clock.now();
  const deadline = limitMs === undefined ? undefined : since + limitMs;
  const res = await withinDeadline(deadline, ctx, (signal) => client.call('StartExecution', {
    FlowName: opts.flow, ExecutionName: name, Input: input, ...(opts.qualifier ? { Qualifier: opts.qualifier } : {}),
  }, { signal }));
  if (!res) {
    ctx.io.stderr.write('fnf: --timeout elapsed before the service answered StartExecution; the execution may have started\n'
      + `Follow it:     ${followUpCommand('wait', opts.flow, name, opts.globals)}\n`);
    return ExitCode.Timeout;
  }
  const waitCommand = followUpCommand('wait', opts.flow, res.Name, opts.globals);
  const describeCommand = followUpCommand('describe', opts.flow, res.Name, opts.globals);

  if (follow) {
    const { followExecution } = await follow;
    return followExecution(
      {
        flowName: opts.flow, executionName: res.Name, startedAt: Date.parse(res.StartedTime) || undefined,
        output, timeoutMs: limitMs, timeoutSince: since, resumeCommand: waitCommand, describeCommand, query: opts.query, junitFile: opts.junitFile,
      },
      ctx,
      client,
    );
  }

  await writeGitHubOutputs(ctx, outputsOf(res));
  if (output !== 'text') {
    writeJson(ctx.io.stdout, withoutRequestId(res), output, opts.query);
    return ExitCode.Ok;
  }
  const sentence = `Started ${res.Name} (${res.Status})\n`;
  const followUps = `Follow it:     ${waitCommand}\nDescribe it:   ${describeCommand}\n`;
  // `name=$(fnf start f)` captures the name alone; a person still reads the sentence, on stderr.
  const nameOnly = ctx.io.quiet || !ctx.io.stdoutIsTTY;
  ctx.io.stdout.write(nameOnly ? `${res.Name}\n` : sentence);
  if (!ctx.io.quiet) ctx.io.stderr.write(nameOnly ? sentence + followUps : followUps);
  return ExitCode.Ok;
}

const DEADLINE = new Error('--timeout elapsed');

/** `work`'s result, or undefined once `deadline` (epoch ms) passes first; `work` gets a signal that aborts then. */
async function withinDeadline<T>(deadline: number | undefined, ctx: Ctx, work: (signal?: AbortSignal) => Promise<T>): Promise<T | undefined> {
  if (deadline === undefined) return work();
  const expired = new AbortController();
  const settled = new AbortController();
  void ctx.clock.sleep(deadline - ctx.clock.now(), settled.signal).then(() => {
    if (!settled.signal.aborted) expired.abort(DEADLINE);
  });
  try {
    return await work(expired.signal);
  } catch (err) {
    if (err === DEADLINE) return undefined;
    throw err;
  } finally {
    settled.abort();
  }
}
