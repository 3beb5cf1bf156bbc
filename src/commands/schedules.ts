// `fnf schedules list|show|create|update|delete`: time-based schedules, which
// start an execution of their flow, with their payload as its input, at each
// time their cron expression names.
import { Command, Option } from 'commander';
import { withoutRequestId, type FnfClient, type Schedule } from '../api/types.js';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { validateName } from '../input/names.js';
import { inputSourceOf, readJsonObject } from '../input/source.js';
import { withSpinner } from '../ui/spinner.js';
import { confirm } from './confirm.js';
import { listAllFlows } from './flows.js';
import { globalsOf, outputAndQueryOf, outputMode, outputOption, queryOption, writeJson, type Query } from './options.js';
import { collectPages } from './paging.js';
import { renderFields, renderTable } from './render/table.js';

const CRON_HELP = `
The expression is the service's: six fields "Seconds Minutes Hours Day-of-month Month
Day-of-week" in UTC (Seconds a plain number; "0 */5 * * * *" is every five minutes,
"0 0 2 * * *" every day at 02:00 UTC, "0 0 9 ? * MON-FRI" on weekdays at 09:00 UTC),
or "@every 10m". The shortest interval is one minute.
`;

/** How a command prints what it got: --output, and --query of its JSON. */
export interface Printing {
  output?: 'text' | 'json';
  query?: Query;
}

export interface SchedulesListOptions extends Printing {
  flow?: string;
  globals: GlobalOptions;
}

export interface ScheduleRef {
  flow: string;
  schedule: string;
  globals: GlobalOptions;
}

export interface ScheduleChange extends ScheduleRef, Printing {
  cron?: string;
  /** --payload as typed: inline JSON, @file or - (stdin). */
  payload?: string;
  description?: string;
  enable?: boolean;
}

type RawOptions = { cron?: string; payload?: string; description?: string; enable?: boolean; yes?: boolean };

function ref(flow: string, schedule: string, cmd: Command): ScheduleRef {
  return { flow: validateName('flow', flow), schedule: validateName('schedule', schedule), globals: globalsOf(cmd) };
}

export function makeSchedulesCommand(ctx: Ctx): Command {
  const changeOptions = (cmd: Command) => cmd
    .option('--payload <json>', 'input of each execution: JSON, @file, or - for stdin')
    .option('--description <text>', 'description')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption());

  const list = new Command('list')
    .description('list the schedules of a flow, or of every flow')
    .argument('[flow]', 'flow name (default: every flow)')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .action(async (flow: string | undefined, _raw: RawOptions, cmd: Command) => {
      const printing = await outputAndQueryOf<'text' | 'json'>(cmd);
      ctx.exitCode = await runSchedulesList({ flow: flow === undefined ? undefined : validateName('flow', flow), ...printing, globals: globalsOf(cmd) }, ctx);
    });

  const show = new Command('show')
    .description('show a schedule')
    .argument('<flow>', 'flow name')
    .argument('<schedule>', 'schedule name')
    .addOption(outputOption(['text', 'json']))
    .addOption(queryOption())
    .action(async (flow: string, schedule: string, _raw: RawOptions, cmd: Command) => {
      ctx.exitCode = await runSchedulesShow({ ...ref(flow, schedule, cmd), ...(await outputAndQueryOf<'text' | 'json'>(cmd)) }, ctx);
    });

  const create = changeOptions(new Command('create')
    .description('create a schedule that starts the flow at the times --cron names')
    .argument('<flow>', 'flow name')
    .argument('<schedule>', 'schedule name')
    .requiredOption('--cron <expr>', 'when to start it (see below)')
    .option('--disable', 'create it disabled'))
    .addHelpText('after', `
Examples:
  $ fnf schedules create report nightly --cron "0 0 2 * * *" --payload '{"scope":"all"}'
  $ fnf schedules create report every10 --cron "@every 10m" --disable
${CRON_HELP}`)
    .action(async (flow: string, schedule: string, raw: RawOptions & { disable?: boolean }, cmd: Command) => {
      const printing = await outputAndQueryOf<'text' | 'json'>(cmd);
      ctx.exitCode = await runSchedulesWrite('CreateSchedule', { ...ref(flow, schedule, cmd), ...changeOf(raw), ...printing, enable: !raw.disable }, ctx);
    });

  const update = changeOptions(new Command('update')
    .description('change a schedule: its times, payload, description, or whether it runs')
    .argument('<flow>', 'flow name')
    .argument('<schedule>', 'schedule name')
    .option('--cron <expr>', 'when to start it (see below)')
    .addOption(new Option('--enable', 'enable it').conflicts('disable'))
    .addOption(new Option('--disable', 'disable it')))
    .addHelpText('after', `
Examples:
  $ fnf schedules update report nightly --disable
  $ fnf schedules update report nightly --cron "0 30 1 * * *" --enable
${CRON_HELP}`)
    .action(async (flow: string, schedule: string, raw: RawOptions & { disable?: boolean }, cmd: Command) => {
      const printing = await outputAndQueryOf<'text' | 'json'>(cmd);
      const change: ScheduleChange = { ...ref(flow, schedule, cmd), ...changeOf(raw), ...printing, enable: raw.enable ? true : raw.disable ? false : undefined };
      if (change.cron === undefined && change.payload === undefined && change.description === undefined && change.enable === undefined) {
        throw new UsageError('nothing to update', 'give --cron, --payload, --description, --enable or --disable');
      }
      ctx.exitCode = await runSchedulesWrite('UpdateSchedule', change, ctx);
    });

  const remove = new Command('delete')
    .description('delete a schedule (asks first on a terminal)')
    .argument('<flow>', 'flow name')
    .argument('<schedule>', 'schedule name')
    .option('-y, --yes', 'delete without asking (required off a terminal)')
    .action(async (flow: string, schedule: string, raw: RawOptions, cmd: Command) => {
      ctx.exitCode = await runSchedulesDelete({ ...ref(flow, schedule, cmd), yes: Boolean(raw.yes) }, ctx);
    });

  return new Command('schedules')
    .description('time-based schedules that start flows')
    .addCommand(list)
    .addCommand(show)
    .addCommand(create)
    .addCommand(update)
    .addCommand(remove)
    .addHelpText('after', `
Examples:
  $ fnf schedules list
  $ fnf schedules create report nightly --cron "0 0 2 * * *" --payload @scope.json
  $ fnf schedules show report nightly --output json
  $ fnf schedules list --query 'Schedules[?Enable].ScheduleName'
`);
}

function changeOf(raw: RawOptions): Pick<ScheduleChange, 'cron' | 'payload' | 'description'> {
  return { cron: raw.cron, payload: raw.payload, description: raw.description };
}

export async function runSchedulesList(opts: SchedulesListOptions, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const found = await withSpinner(ctx, 'Listing schedules', async () => {
    const flows = opts.flow ? [opts.flow] : (await listAllFlows(client)).map((f) => f.Name);
    const perFlow = await Promise.all(flows.map(async (flow) => (await listSchedules(client, flow)).map((s) => ({ FlowName: flow, ...s }))));
    return perFlow.flat();
  });
  if (outputMode(opts.output, client, ['text', 'json']) === 'json') writeJson(ctx.io.stdout, { Schedules: found }, 'json', opts.query);
  else if (found.length === 0) {
    if (!ctx.io.quiet) ctx.io.stderr.write('No schedules found.\n');
  } else {
    const rows = found.map((s) => [s.FlowName, s.ScheduleName, s.CronExpression, s.Enable ? 'yes' : 'no', s.Description ?? '']);
    ctx.io.stdout.write(renderTable(['FLOW', 'SCHEDULE', 'CRON', 'ENABLED', 'DESCRIPTION'], rows));
  }
  return ExitCode.Ok;
}

function listSchedules(client: FnfClient, flow: string): Promise<Schedule[]> {
  return collectPages(async (NextToken) => {
    const page = await client.call('ListSchedules', { FlowName: flow, Limit: 1000, ...(NextToken ? { NextToken } : {}) });
    return { items: page.Schedules, nextToken: page.NextToken };
  });
}

export async function runSchedulesShow(opts: ScheduleRef & Printing, ctx: Ctx): Promise<ExitCode> {
  const client = await ctx.client(opts.globals);
  const schedule = withoutRequestId(await client.call('DescribeSchedule', { FlowName: opts.flow, ScheduleName: opts.schedule }));
  printSchedule(schedule, outputMode(opts.output, client, ['text', 'json']), ctx, opts.query);
  return ExitCode.Ok;
}

export async function runSchedulesWrite(action: 'CreateSchedule' | 'UpdateSchedule', opts: ScheduleChange, ctx: Ctx): Promise<ExitCode> {
  if (action === 'CreateSchedule' && opts.cron === undefined) throw new UsageError('--cron is required');
  const payload = opts.payload === undefined ? undefined : await readJsonObject(inputSourceOf(opts.payload, undefined, '--payload'), ctx);
  const client = await ctx.client(opts.globals);
  const params = {
    FlowName: opts.flow, ScheduleName: opts.schedule, CronExpression: opts.cron!, Payload: payload, Description: opts.description, Enable: opts.enable,
  };
  const schedule = withoutRequestId(await client.call(action, params));
  printSchedule(schedule, outputMode(opts.output, client, ['text', 'json']), ctx, opts.query);
  return ExitCode.Ok;
}

export async function runSchedulesDelete(opts: ScheduleRef & { yes: boolean }, ctx: Ctx): Promise<ExitCode> {
  const question = `Delete schedule ${opts.schedule} of flow ${opts.flow}?`;
  if (!(await confirm(ctx, question, { yes: opts.yes, what: 'deleting a schedule' }))) throw new UsageError('cancelled: nothing was deleted');
  const client = await ctx.client(opts.globals);
  await client.call('DeleteSchedule', { FlowName: opts.flow, ScheduleName: opts.schedule });
  if (!ctx.io.quiet) ctx.io.stderr.write(`Deleted schedule ${opts.schedule} of flow ${opts.flow}\n`);
  return ExitCode.Ok;
}

function printSchedule(schedule: Omit<Schedule, 'RequestId'>, mode: 'text' | 'json', ctx: Ctx, query?: Query): void {
  if (mode === 'json') return writeJson(ctx.io.stdout, schedule, 'json', query);
  const rows: Array<[string, string | undefined]> = [
    ['Schedule', schedule.ScheduleName],
    ['Cron', schedule.CronExpression],
    ['Enabled', schedule.Enable ? 'yes' : 'no'],
    ['Payload', schedule.Payload],
    ['Description', schedule.Description],
    ['Created', schedule.CreatedTime],
    ['Modified', schedule.LastModifiedTime],
  ];
  ctx.io.stdout.write(`${renderFields(rows)}\n`);
}
