// `fnf test record <flow> <execution>`: turns a finished execution (local or on
// the service) into a test file, so a production failure becomes a local test.
// Its definition is saved beside the test file unless --flow-file names one.
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isEndStatus, withoutRequestId } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, UsageError, whyUnwritable } from '../errors.js';
import { validateName } from '../input/names.js';
import { history } from './describe.js';
import { executionArgument, executionRefOf, resolveExecutionName, type ExecutionRef } from './execution-ref.js';
import { globalsOf } from './options.js';
import { withSpinner } from '../ui/spinner.js';

export interface TestRecordOptions {
  flow: string;
  execution: ExecutionRef;
  /** The test file to write (default: <flow>-<execution>.fnf-test.yaml here). */
  out?: string;
  /** A definition file to point the test at instead of saving the execution's own. */
  flowFile?: string;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf test record orders exec-42 -o tests/exec-42.fnf-test.yaml
  $ fnf test record orders @latest-failed --flow-file flows/orders.yaml   # test the definition you are changing
`;

export function makeTestRecordCommand(ctx: Ctx): Command {
  return new Command('record')
    .description('write a test file from a finished execution: its input, task results as mocks, its end as expectations')
    .argument('<flow>', 'flow name')
    .addArgument(executionArgument())
    .option('-o, --out <file>', 'test file to write (default: <flow>-<execution>.fnf-test.yaml)')
    .option('--flow-file <file>', 'definition file the test runs (default: the execution\'s own, saved beside the test file)')
    .addHelpText('after', EXAMPLES)
    .action(async (flow: string, name: string | undefined, raw: { out?: string; flowFile?: string }, cmd: Command) => {
      const opts: TestRecordOptions = {
        flow: validateName('flow', flow),
        execution: executionRefOf(name, cmd, ctx),
        out: raw.out,
        flowFile: raw.flowFile,
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runTestRecord(opts, ctx);
    });
}

/** Where the definition goes: `--flow-file`, else `<flow>.yaml` (or .json) beside the test file, never over a different file. */
function placeDefinition(definition: string, testFile: string, opts: TestRecordOptions, ctx: Ctx): { path: string; write: boolean } {
  if (opts.flowFile) {
    const path = resolve(ctx.cwd, opts.flowFile);
    if (!existsSync(path)) throw new UsageError(`--flow-file ${opts.flowFile}: no such file`);
    return { path, write: false };
  }
  const path = resolve(dirname(testFile), `${opts.flow}.${definition.trimStart().startsWith('{') ? 'json' : 'yaml'}`);
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') === definition) return { path, write: false };
    throw new UsageError(`${relative(ctx.cwd, path)} exists and holds another definition`,
      'Pass --flow-file to run the test against it, or -o to write the test somewhere else.');
  }
  return { path, write: true };
}

export async function runTestRecord(opts: TestRecordOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const name = await resolveExecutionName(opts.execution, opts.flow, client, ctx);
  const ids = { FlowName: opts.flow, ExecutionName: name };
  const { execution, events } = await withSpinner(ctx, `Reading ${name}`, async () => ({
    execution: withoutRequestId(await client.call('DescribeExecution', ids)),
    events: await history(client, ids),
  }));
  let definition = execution.FlowDefinition;
  if (definition === undefined) {
    definition = (await client.call('DescribeFlow', { Name: opts.flow })).Definition;
    ctx.io.stderr.write(`fnf: the execution does not carry its definition; the flow's current one is used\n`);
  }
  const [{ recordTestFile, NotRecordableError }, { topLevelStates }] = await Promise.all([import('../testing/record.js'), import('../testing/suite.js')]);
  const testFile = resolve(ctx.cwd, opts.out ?? `${opts.flow}-${name}.fnf-test.yaml`);
  const flow = placeDefinition(definition, testFile, opts, ctx);
  let topLevel: Set<string> | undefined;
  try {
    topLevel = topLevelStates(definition, `${opts.flow}.yaml`);
  } catch (err) {
    ctx.io.stderr.write(`fnf: warning: the execution's definition does not compile here (${(err as Error).message}); fnf test cannot run it as it is\n`);
  }
  let text: string;
  try {
    text = recordTestFile(execution, events, relative(dirname(testFile), flow.path), new Date(ctx.clock.now()), topLevel);
  } catch (err) {
    if (!(err instanceof NotRecordableError)) throw err;
    throw new UsageError(err.message, isEndStatus(execution.Status) ? undefined : `Wait for it to end: fnf wait ${opts.flow} ${name}`);
  }
  try {
    mkdirSync(dirname(testFile), { recursive: true });
    if (flow.write) writeFileSync(flow.path, definition);
    writeFileSync(testFile, text);
  } catch (err) {
    throw new UsageError(`cannot write ${relative(ctx.cwd, testFile)}: ${whyUnwritable(err)}`);
  }
  if (!ctx.io.quiet) {
    ctx.io.stderr.write(`Recorded ${name} (${execution.Status})${flow.write ? `; its definition is in ${relative(ctx.cwd, flow.path)}` : ''}. Run it with: fnf test ${relative(ctx.cwd, testFile)}\n`);
  }
  ctx.io.stdout.write(`${relative(ctx.cwd, testFile)}\n`);
  return ExitCode.Ok;
}
