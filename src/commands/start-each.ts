// `fnf start <flow> --each`: one execution per line of NDJSON on stdin, so a
// pipeline fans out a batch (`jq -c '.orders[]' batch.json | fnf start f --each --wait`).
// Every line is read and checked before the first start; with --wait they are
// all followed together, as `fnf wait <flow> <name>...` does.
import { createInterface } from 'node:readline';
import { withoutRequestId, type Execution, type FnfClient } from '../api/types.js';
import type { Ctx } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { generateExecutionName } from '../input/names.js';
import { checkJsonObject } from '../input/source.js';
import { outputsOf, writeGitHubOutputs } from '../ui/ci/reports.js';
import { plural } from '../ui/format.js';
import { outputMode, timeoutMs, writeJson } from './options.js';
import type { StartOptions } from './start.js';
import { followNames, MAX_SELECTED } from './wait.js';

export async function runStartEach(opts: StartOptions, ctx: Ctx): Promise<ExitCode> {
  if (opts.input.kind !== 'stdin' && opts.input.kind !== 'implicit') {
    throw new UsageError('--each reads one input per line from stdin', "Pipe NDJSON in, e.g. jq -c '.[]' inputs.json | fnf start my_flow --each");
  }
  if (ctx.io.stdinIsTTY) throw new UsageError('--each needs NDJSON piped on stdin, one input object per line');
  const inputs = await readLines(ctx);
  if (inputs.length === 0) throw new UsageError('--each: stdin holds no input lines');
  const client = await ctx.client(opts.globals);
  const output = outputMode(opts.output, client, ['text', 'json', 'ndjson']);
  const limitMs = timeoutMs(opts.timeoutMs, client);
  const since = ctx.clock.now();
  const started = await startAll(opts, inputs, client, ctx);

  if (opts.wait) {
    return followNames(started.map((e) => e.Name), {
      flow: opts.flow, output, timeoutMs: limitMs, timeoutSince: since, any: false, query: opts.query, junitFile: opts.junitFile, globals: opts.globals,
    }, ctx, client);
  }
  await writeGitHubOutputs(ctx, { executions: JSON.stringify(started.map(outputsOf)) });
  if (output === 'json') writeJson(ctx.io.stdout, { Executions: started }, 'json', opts.query);
  else if (output === 'ndjson') for (const e of started) writeJson(ctx.io.stdout, e, 'ndjson', opts.query);
  else {
    ctx.io.stdout.write(started.map((e) => `${e.Name}\n`).join(''));
    if (!ctx.io.quiet) ctx.io.stderr.write(`Started ${plural(started.length, 'execution')} of ${opts.flow}\n`);
  }
  return ExitCode.Ok;
}

/** The input objects, one per non-blank line, each checked as `--input` would be. */
async function readLines(ctx: Ctx): Promise<string[]> {
  const inputs: string[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input: ctx.io.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    if (inputs.length === MAX_SELECTED) throw new UsageError(`--each: more than ${MAX_SELECTED} input lines`, 'Split the batch into several runs.');
    inputs.push(checkJsonObject(line, `stdin line ${lineNo}`));
  }
  return inputs;
}

/** One StartExecution per input, in order, each under a name made before its first attempt. */
async function startAll(opts: StartOptions, inputs: string[], client: FnfClient, ctx: Ctx): Promise<Execution[]> {
  const started: Execution[] = [];
  for (const input of inputs) {
    const name = generateExecutionName(opts.flow, ctx.clock.now());
    const res = await client.call('StartExecution', {
      FlowName: opts.flow, ExecutionName: name, Input: input, ...(opts.qualifier ? { Qualifier: opts.qualifier } : {}),
    });
    started.push(withoutRequestId(res));
  }
  return started;
}
