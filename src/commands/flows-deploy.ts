// `fnf flows deploy <file|dir>...`: puts flow definitions from a repository in
// place. Validates everything first, plans (+ create, ~ update, = unchanged,
// - delete with --prune), then applies in order and stops at the first API
// error, saying what was and wasn't applied. Running it twice changes nothing.
import { Command, Option } from 'commander';
import type { FnfClient } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, FnfError, NetworkError, UsageError } from '../errors.js';
import { plural } from '../ui/format.js';
import { withSpinner } from '../ui/spinner.js';
import { confirm } from './confirm.js';
import { checkFlowFiles, readFlowFiles } from './flow-files.js';
import { listAllFlows } from './flows.js';
import { planDeploy, planLine, type DeployedFlow, type FlowAttributes, type LocalFlow, type PlanStep } from './flows-plan.js';
import { reportProblems } from './flows-validate.js';
import { globalsOf, outputAndQueryOf, outputOption, queryOption, writeJson, type Query } from './options.js';

export interface FlowsDeployOptions {
  paths: string[];
  dryRun: boolean;
  prune: boolean;
  yes: boolean;
  attributes: FlowAttributes;
  output: 'text' | 'json';
  query?: Query;
  globals: GlobalOptions;
}

type Outcome = 'applied' | 'failed' | 'not applied';

interface StepResult {
  step: PlanStep;
  outcome?: Outcome;
  error?: string;
}

const EXAMPLES = `
Examples:
  $ fnf flows deploy flows/ --dry-run
  $ fnf flows deploy flows/ --role-arn acs:ram::123456:role/fnf-execution
  $ fnf flows deploy flows/ --prune --yes      # also delete flows no file names
  $ fnf flows deploy flows/ --dry-run --query "plan[?change!='unchanged'].name"

A flow's name is its Name (CloudFlow) or the file name without its extension (FDL).
Exit 0 done, 2 a file is invalid (nothing deployed), 5 an API error (the plan says
what was applied).
`;

interface DeployFlags {
  dryRun?: boolean;
  prune?: boolean;
  yes?: boolean;
  description?: string;
  roleArn?: string;
  executionMode?: 'Standard' | 'Express';
}

export function makeFlowsDeployCommand(ctx: Ctx): Command {
  return new Command('deploy')
    .description('create and update flows from definition files (validated first)')
    .argument('<file|dir...>', 'flow definitions (*.yaml, *.yml, *.json), or directories of them')
    .option('--dry-run', 'print the plan only')
    .option('--prune', 'also delete the flows on the account that no file names')
    .option('-y, --yes', 'delete without asking (required off a terminal with --prune)')
    .option('--description <text>', 'description of the flows it creates and updates')
    .option('--role-arn <arn>', 'RAM role the flows it creates and updates run as')
    .addOption(new Option('--execution-mode <mode>', 'execution mode of the flows it creates and updates').choices(['Standard', 'Express']))
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], flags: DeployFlags, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      ctx.exitCode = await runFlowsDeploy({
        paths,
        dryRun: Boolean(flags.dryRun),
        prune: Boolean(flags.prune),
        yes: Boolean(flags.yes),
        attributes: { description: flags.description, roleArn: flags.roleArn, executionMode: flags.executionMode },
        output: output ?? 'text',
        query,
        globals: globalsOf(cmd),
      }, ctx);
    });
}

export async function runFlowsDeploy(opts: FlowsDeployOptions, ctx: Ctx): Promise<ExitCode> {
  const checked = await checkFlowFiles(readFlowFiles(opts.paths, ctx.cwd));
  if (await reportProblems(checked, opts.output, ctx)) {
    if (opts.output === 'json') writeJson(ctx.io.stdout, { problems: checked.flatMap((f) => f.problems) }, 'json', opts.query);
    return ExitCode.Usage;
  }
  const local: LocalFlow[] = checked.map((f) => ({ name: f.name!, file: f.shown, definition: f.text }));
  const client = await ctx.client(opts.globals);
  const deployed = await withSpinner(ctx, 'Reading the deployed flows', () => deployedFlows(client, local));
  const plan = planDeploy(local, deployed, opts.attributes, opts.prune);
  const results: StepResult[] = plan.map((step) => ({ step }));
  if (opts.dryRun) {
    print(results, opts, ctx);
    return ExitCode.Ok;
  }
  const deletes = plan.filter((s) => s.change === 'delete').map((s) => s.name);
  if (deletes.length > 0) {
    const what = `deleting ${plural(deletes.length, 'flow')} (${deletes.join(', ')})`;
    if (!(await confirm(ctx, `Delete ${deletes.join(', ')}?`, { yes: opts.yes, what }))) {
      throw new UsageError('cancelled: nothing was deployed');
    }
  }
  const failure = await apply(client, results, opts.attributes);
  print(results, opts, ctx);
  if (failure) {
    ctx.io.stderr.write(`fnf: ${failure.message}\n`);
    return failure.exitCode;
  }
  return ExitCode.Ok;
}

/** The deployed flows, with the definition of each flow a file names (from DescribeFlow when the list leaves it out). */
async function deployedFlows(client: FnfClient, local: readonly LocalFlow[]): Promise<DeployedFlow[]> {
  const named = new Set(local.map((f) => f.name));
  return Promise.all((await listAllFlows(client)).map(async (flow) =>
    flow.Definition === undefined && named.has(flow.Name) ? client.call('DescribeFlow', { Name: flow.Name }) : flow));
}

/** Applies the plan in order; stops at the first failure, which it returns. */
async function apply(client: FnfClient, results: StepResult[], attrs: FlowAttributes): Promise<FnfError | NetworkError | undefined> {
  let failure: FnfError | NetworkError | undefined;
  for (const result of results) {
    const { step } = result;
    if (step.change === 'unchanged') continue;
    if (failure) {
      result.outcome = 'not applied';
      continue;
    }
    try {
      await applyStep(client, step, attrs);
      result.outcome = 'applied';
    } catch (err) {
      if (!(err instanceof FnfError || err instanceof NetworkError)) throw err;
      failure = err;
      result.outcome = 'failed';
      result.error = err.message;
    }
  }
  return failure;
}

async function applyStep(client: FnfClient, step: PlanStep, attrs: FlowAttributes): Promise<void> {
  const common = { Name: step.name, Description: attrs.description, RoleArn: attrs.roleArn, ExecutionMode: attrs.executionMode };
  switch (step.change) {
    case 'create':
      await client.call('CreateFlow', { ...common, Definition: step.definition!, Type: 'FDL' });
      return;
    case 'update':
      await client.call('UpdateFlow', { ...common, Definition: step.definition!, Type: 'FDL' });
      return;
    case 'delete':
      await client.call('DeleteFlow', { Name: step.name });
      return;
  }
}

function print(results: readonly StepResult[], opts: FlowsDeployOptions, ctx: Ctx): void {
  if (opts.output === 'json') {
    writeJson(ctx.io.stdout, {
      dryRun: opts.dryRun,
      plan: results.map(({ step, outcome, error }) => ({
        change: step.change, name: step.name, file: step.file, differences: step.differences, outcome, error,
      })),
    }, 'json', opts.query);
    return;
  }
  const width = Math.max(0, ...results.map((r) => r.step.name.length));
  for (const { step, outcome, error } of results) {
    ctx.io.stdout.write(`${planLine(step, width, outcome && (error ? `${outcome}: ${error}` : outcome))}\n`);
  }
}
