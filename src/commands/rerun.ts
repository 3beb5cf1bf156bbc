// `fnf rerun <flow> <name|@latest>`: starts a new execution, under a new
// generated name, with the input of an earlier one (`gh run rerun`, `argo resubmit`).
import { Command, Option } from 'commander';
import type { Ctx } from '../context.js';
import type { ExitCode } from '../errors.js';
import { validateName } from '../input/names.js';
import { inputSourceOf, readJsonObject, type InputSource } from '../input/source.js';
import { executionArgument, executionRefOf, resolveExecutionName, type ExecutionRef } from './execution-ref.js';
import { globalsOf, junitWithWait, outputAndQueryOf, type OutputMode } from './options.js';
import { addStartOutputOptions, runStart, type RawStartFlags, type StartOptions } from './start.js';

/** start's options, with the earlier execution in place of a name; rerun never runs --sync or --each. */
export interface RerunOptions extends Omit<StartOptions, 'name' | 'input' | 'sync' | 'each'> {
  execution: ExecutionRef;
  /** Replaces the earlier execution's input; undefined reuses it. */
  input?: InputSource;
}

type RawRerunFlags = Omit<RawStartFlags, 'name' | 'sync' | 'each'>;

const EXAMPLES = `
Examples:
  $ fnf rerun my_flow @latest-failed --wait
  $ fnf rerun my_flow order-42 --input '{"orderId": 42, "retry": true}'
`;

export function makeRerunCommand(ctx: Ctx): Command {
  return addStartOutputOptions(new Command('rerun')
    .description('start a new execution with the input of an earlier one')
    .argument('<flow>', 'flow name')
    .addArgument(executionArgument('the execution to run again: a name, @latest or @latest-failed'))
    .option('-i, --input <json>', 'replace the input: inline JSON, @file, or - for stdin (default: the earlier input)')
    .option('--input-file <file>', 'replace the input with a file')
    .option('-w, --wait', 'follow the new execution until it ends; the exit code tells how it ended'))
    .addOption(new Option('--qualifier <qualifier>', 'flow version or alias to run (the service does not report an execution\'s own)'))
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, name: string | undefined, raw: RawRerunFlags, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<OutputMode>(cmd);
      const opts: RerunOptions = {
        flow: validateName('flow', flow),
        execution: executionRefOf(name, cmd, ctx),
        input: raw.input === undefined && raw.inputFile === undefined ? undefined : inputSourceOf(raw.input, raw.inputFile),
        wait: Boolean(raw.wait),
        timeoutMs: raw.timeout,
        output,
        qualifier: raw.qualifier,
        query,
        junitFile: junitWithWait(raw.junit, raw.wait),
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runRerun(opts, ctx);
    });
}

export async function runRerun(opts: RerunOptions, ctx: Ctx): Promise<ExitCode> {
  const { execution, input, ...startOptions } = opts;
  // A replacing input is checked before anything is sent.
  const replacing = input && (await readJsonObject(input, ctx));
  const client = await ctx.client(opts.globals);
  const earlier = await resolveExecutionName(execution, opts.flow, client, ctx);
  const text = replacing || (await client.call('DescribeExecution', { FlowName: opts.flow, ExecutionName: earlier })).Input || '{}';
  if (!ctx.io.quiet) ctx.io.stderr.write(`Rerunning ${earlier}\n`);
  return runStart({
    ...startOptions,
    input: { kind: 'inline', text, flag: replacing ? '--input' : `the input of ${earlier}` },
    sync: false,
  }, ctx);
}
