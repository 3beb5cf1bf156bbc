// `fnf task succeed|fail <token>`: answers a Task step that waits for a callback
// (TaskMode WaitForCustomCallback) with ReportTaskSucceeded / ReportTaskFailed.
import { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { inputSourceOf, readJsonObject, type InputSource } from '../input/source.js';
import { globalsOf } from './options.js';
import { checkLength } from './stop.js';
import { withSpinner } from '../ui/spinner.js';

export type TaskReport =
  | { outcome: 'succeeded'; token: string; output: InputSource; globals: GlobalOptions }
  | { outcome: 'failed'; token: string; error: string; cause?: string; globals: GlobalOptions };

const SUCCEED_EXAMPLES = `
Examples:
  $ fnf task succeed "$TASK_TOKEN" --output '{"approved": true}'
  $ fnf task succeed "$TASK_TOKEN" --output @result.json
  $ jq -c .result job.json | fnf task succeed "$TASK_TOKEN"
`;
const FAIL_EXAMPLES = `
Examples:
  $ fnf task fail "$TASK_TOKEN" --error Rejected --cause "over budget"
`;
const EXAMPLES = `${SUCCEED_EXAMPLES}${FAIL_EXAMPLES.replace('\nExamples:\n', '')}`;

export function makeTaskCommand(ctx: Ctx): Command {
  const succeed = new Command('succeed')
    .description('report that a waiting task succeeded, with its output')
    .argument('<token>', 'the task token (from the step\'s TaskScheduled event or $Context.Current.TaskToken)')
    .option('--output <json>', 'task output: inline JSON, @file, or - for stdin (default: piped stdin, else {})')
    .addHelpText('after', SUCCEED_EXAMPLES)
    .action(async (token: string, raw: { output?: string }, cmd: Command) => {
      const report: TaskReport = { outcome: 'succeeded', token: checkToken(token), output: inputSourceOf(raw.output, undefined, '--output'), globals: globalsOf(cmd) };
      ctx.exitCode = await runTaskReport(report, ctx);
    });
  const fail = new Command('fail')
    .description('report that a waiting task failed')
    .argument('<token>', 'the task token')
    .requiredOption('--error <code>', 'error code (1-128 characters); Retry and Catch match on it')
    .option('--cause <text>', 'what went wrong (1-4096 characters)')
    .addHelpText('after', FAIL_EXAMPLES)
    .action(async (token: string, raw: { error: string; cause?: string }, cmd: Command) => {
      const report: TaskReport = {
        outcome: 'failed',
        token: checkToken(token),
        error: checkLength('--error', raw.error, 128)!,
        cause: checkLength('--cause', raw.cause, 4096),
        globals: globalsOf(cmd),
      };
      ctx.exitCode = await runTaskReport(report, ctx);
    });
  return new Command('task')
    .description('answer a task step that waits for a callback')
    .addCommand(succeed)
    .addCommand(fail)
    .addHelpText('after', EXAMPLES);
}

function checkToken(token: string): string {
  if (token.trim() === '') throw new UsageError('the task token is empty');
  return token;
}

export async function runTaskReport(report: TaskReport, ctx: Ctx): Promise<ExitCode> {
  const { EventId } = await sendReport(report, ctx);
  // The event id is the service's receipt; an endpoint that leaves it out still took the report.
  ctx.io.stdout.write(`Reported task ${report.outcome}${typeof EventId === 'number' ? ` (event ${EventId})` : ''}\n`);
  return ExitCode.Ok;
}

async function sendReport(report: TaskReport, ctx: Ctx): Promise<{ EventId?: number }> {
  if (report.outcome === 'succeeded') {
    // The output is read and checked before anything is sent.
    const output = await readJsonObject(report.output, ctx);
    const client = await ctx.client(report.globals);
    return withSpinner(ctx, 'Reporting the task', () => client.call('ReportTaskSucceeded', { TaskToken: report.token, Output: output }));
  }
  const client = await ctx.client(report.globals);
  return withSpinner(ctx, 'Reporting the task', () => client.call('ReportTaskFailed', {
    TaskToken: report.token,
    Error: report.error,
    ...(report.cause !== undefined ? { Cause: report.cause } : {}),
  }));
}
