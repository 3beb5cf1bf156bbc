// Time-based schedules of the local endpoint: CreateSchedule, UpdateSchedule,
// DeleteSchedule, DescribeSchedule, ListSchedules, and the timers that start
// an execution of the flow, with the schedule's Payload as its input, at each
// time the CronExpression names.
//
// The service's syntax (help.aliyun.com/document_detail/168926.html, "调度时间参数说明"):
//   - `@every Nm`: every N minutes (N a positive integer, unit m only);
//   - six fields `Seconds Minutes Hours Day-of-month Month Day-of-week`, in UTC.
//     Seconds is a number 0-59 with no special characters (so at most one run a
//     minute, the service's smallest interval); Minutes and Hours allow , - * /;
//     Day-of-month , - * ? /; Month 1-12 or JAN-DEC with , - * /; Day-of-week
//     1-7 or MON-SUN with , - * ?. `n/m` means from n every m.
// croner evaluates the six fields; the checks above are the service's own.
//
// Time runs --time-scale times faster for schedules too: each schedule keeps a
// cursor, the last scheduled time it handled, on a clock that runs timeScale
// times faster than the wall clock. The cursor is written after each start and
// executions are named after their scheduled time (`<schedule>-<yyyyMMdd-HHmmss>`),
// so a start that a crash cut off before the cursor was written is not repeated:
// StartExecution answers with the execution already there. After a restart, the
// times missed while the endpoint was down collapse into one start (the latest).
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { checkName, jsonObject, optional, optionalBool, optionalInt, optionalLength, required, requiredName, rfc3339, type Params } from './params.js';
import type { ScheduleRecord, Store } from './store.js';
import { ServiceError } from './types.js';

/** The first scheduled time strictly after `after` (epoch ms), if any. */
export type Timetable = (after: number) => number | undefined;

const EVERY = /^@every\s+(\d+)m$/;
const FIELDS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'Seconds', pattern: /^\d{1,2}$/ },
  { name: 'Minutes', pattern: /^[\d,*/-]+$/ },
  { name: 'Hours', pattern: /^[\d,*/-]+$/ },
  { name: 'Day-of-month', pattern: /^([\d,*/-]+|\?)$/ },
  { name: 'Month', pattern: /^[\dA-Za-z,*/-]+$/ },
  { name: 'Day-of-week', pattern: /^([\dA-Za-z,*-]+|\?)$/ },
];
/** setTimeout's longest delay; longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Scheduled times started in one wake-up; beyond this (a huge --time-scale) only the latest is. */
const MAX_CATCH_UP = 10;

function invalidCron(text: string, why: string): ServiceError {
  return new ServiceError('InvalidArgument', `CronExpression "${text}" is invalid: ${why}.`);
}

/** The service's cron syntax → its timetable; throws InvalidArgument. */
export function parseCronExpression(text: string): Timetable {
  const trimmed = text.trim();
  const every = EVERY.exec(trimmed);
  if (every) {
    const minutes = Number(every[1]);
    if (minutes < 1) throw invalidCron(text, 'the interval must be at least 1 minute');
    return (after) => after + minutes * 60_000;
  }
  if (trimmed.startsWith('@')) throw invalidCron(text, 'use @every <minutes>m, e.g. @every 5m');
  const fields = trimmed.split(/\s+/);
  if (fields.length !== FIELDS.length) {
    throw invalidCron(text, `it needs 6 fields (Seconds Minutes Hours Day-of-month Month Day-of-week), not ${fields.length}`);
  }
  fields.forEach((field, i) => {
    const { name, pattern } = FIELDS[i]!;
    if (!pattern.test(field)) throw invalidCron(text, `${name} "${field}" is not allowed there`);
  });
  if (Number(fields[0]) > 59) throw invalidCron(text, 'Seconds must be from 0 to 59');
  let cron: Cron;
  try {
    cron = new Cron(trimmed, { timezone: 'Etc/UTC', mode: '6-part', sloppyRanges: true });
  } catch (err) {
    throw invalidCron(text, (err as Error).message.replace(/^CronPattern: /, ''));
  }
  return (after) => cron.nextRun(new Date(after))?.getTime();
}

/** `<schedule>-<yyyyMMdd-HHmmss>` of the scheduled time, in UTC: the same time always gets the same name. */
export function scheduledExecutionName(schedule: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${schedule.slice(0, 128 - stamp.length - 1)}-${stamp}`;
}

function scheduleNotExists(flow: string, name: string): ServiceError {
  return new ServiceError('ScheduleNotExists', `Schedule "${name}" of flow "${flow}" does not exist.`, 404);
}

function toSchedule(r: ScheduleRecord): object {
  return {
    ScheduleName: r.name,
    ScheduleId: r.id,
    CronExpression: r.cronExpression,
    ...(r.payload !== undefined ? { Payload: r.payload } : {}),
    Enable: r.enable,
    Description: r.description,
    CreatedTime: rfc3339(r.createdTime),
    LastModifiedTime: rfc3339(r.lastModifiedTime),
  };
}

interface LiveSchedule {
  record: ScheduleRecord;
  timetable: Timetable;
  timer?: NodeJS.Timeout;
}

export interface SchedulerOptions {
  store: Store;
  timeScale: number;
  now: () => number;
  /** Throws FlowNotExists when the flow is not there. */
  requireFlow(name: string): void;
  /** StartExecution of a Standard flow; throws ServiceError. */
  start(flowName: string, executionName: string, input: string): void;
  log(line: string): void;
}

export class Scheduler {
  private readonly schedules = new Map<string, LiveSchedule>();
  /** The schedules' clock: `virtualAt` at wall time `realAt`, then timeScale times faster. */
  private realAt: number;
  private virtualAt: number;
  private running = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.realAt = this.virtualAt = opts.now();
  }

  private virtualNow(): number {
    return this.virtualAt + (this.opts.now() - this.realAt) * this.opts.timeScale;
  }

  private key(flow: string, name: string): string {
    return `${flow}\n${name}`;
  }

  private find(p: Params): LiveSchedule {
    const flow = requiredName(p, 'FlowName');
    const name = checkName(required(p, 'ScheduleName'), 'ScheduleName');
    this.opts.requireFlow(flow);
    const found = this.schedules.get(this.key(flow, name));
    if (!found) throw scheduleNotExists(flow, name);
    return found;
  }

  // ---- actions -------------------------------------------------------------

  create(p: Params): object {
    const flowName = requiredName(p, 'FlowName');
    const name = checkName(required(p, 'ScheduleName'), 'ScheduleName');
    const cronExpression = required(p, 'CronExpression');
    const timetable = parseCronExpression(cronExpression);
    const fields = editableFields(p);
    this.opts.requireFlow(flowName);
    if (this.schedules.has(this.key(flowName, name))) {
      throw new ServiceError('ScheduleAlreadyExists', `Schedule "${name}" of flow "${flowName}" already exists.`, 409);
    }
    const now = this.opts.now();
    const record: ScheduleRecord = {
      flowName, name, id: randomUUID(), cronExpression,
      payload: fields.payload, description: fields.description ?? '', enable: fields.enable ?? true,
      createdTime: now, lastModifiedTime: now, cursor: this.virtualNow(),
    };
    return this.save({ record, timetable });
  }

  update(p: Params): object {
    const live = this.find(p);
    const cronExpression = optional(p, 'CronExpression');
    const timetable = cronExpression === undefined ? live.timetable : parseCronExpression(cronExpression);
    const fields = editableFields(p);
    const record = live.record;
    const enabling = fields.enable === true && !record.enable;
    // A new timetable, or one enabled again, starts now: nothing from before is made up for.
    const cursor = cronExpression !== undefined || enabling ? Math.max(record.cursor, this.virtualNow()) : record.cursor;
    return this.save({
      ...live,
      timetable,
      record: {
        ...record,
        cronExpression: cronExpression ?? record.cronExpression,
        payload: fields.payload ?? record.payload,
        description: fields.description ?? record.description,
        enable: fields.enable ?? record.enable,
        lastModifiedTime: this.opts.now(),
        cursor,
      },
    });
  }

  delete(p: Params): object {
    this.forget(this.find(p));
    return {};
  }

  /** Forgets the schedules of a flow that was deleted. */
  dropFlow(flow: string): void {
    for (const live of [...this.schedules.values()]) if (live.record.flowName === flow) this.forget(live);
  }

  private forget(live: LiveSchedule): void {
    clearTimeout(live.timer);
    this.schedules.delete(this.key(live.record.flowName, live.record.name));
    this.opts.store.deleteSchedule(live.record.flowName, live.record.name);
  }

  describe(p: Params): object {
    return toSchedule(this.find(p).record);
  }

  list(p: Params): object {
    const flow = requiredName(p, 'FlowName');
    this.opts.requireFlow(flow);
    const limit = optionalInt(p, 'Limit', 1, 1000) ?? 60;
    // The token is the schedule name to continue from, as ListFlows does.
    const from = optional(p, 'NextToken');
    const names = [...this.schedules.values()]
      .filter((s) => s.record.flowName === flow && (from === undefined || s.record.name >= from))
      .map((s) => s.record)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return { Schedules: names.slice(0, limit).map(toSchedule), ...(names.length > limit ? { NextToken: names[limit]!.name } : {}) };
  }

  private save(live: LiveSchedule): object {
    const previous = this.schedules.get(this.key(live.record.flowName, live.record.name));
    clearTimeout(previous?.timer);
    this.opts.store.saveSchedule(live.record);
    this.schedules.set(this.key(live.record.flowName, live.record.name), live);
    this.arm(live);
    return toSchedule(live.record);
  }

  // ---- timers --------------------------------------------------------------

  /**
   * Loads the stored schedules, starts once for those whose times passed while
   * the endpoint was down, and arms the timers. Call once the executions are restored.
   */
  start(): void {
    const live: LiveSchedule[] = [];
    for (const record of this.opts.store.loadSchedules()) {
      try {
        live.push({ record, timetable: parseCronExpression(record.cronExpression) });
      } catch {
        this.opts.log(`schedule ${record.flowName}/${record.name}: stored CronExpression "${record.cronExpression}" is invalid; left alone`);
      }
    }
    // The clock never runs back: a faster --time-scale before the restart may have carried cursors ahead of the wall clock.
    this.realAt = this.opts.now();
    this.virtualAt = Math.max(this.realAt, ...live.map((s) => s.record.cursor));
    this.running = true;
    for (const s of live) {
      this.schedules.set(this.key(s.record.flowName, s.record.name), s);
      if (s.record.enable) this.runDue(s, 1);
      this.arm(s);
    }
  }

  close(): void {
    this.running = false;
    for (const s of this.schedules.values()) clearTimeout(s.timer);
  }

  private arm(s: LiveSchedule): void {
    clearTimeout(s.timer);
    s.timer = undefined;
    if (!this.running || !s.record.enable) return;
    const next = s.timetable(s.record.cursor);
    if (next === undefined) return;
    const delay = Math.max(0, (next - this.virtualNow()) / this.opts.timeScale);
    s.timer = setTimeout(() => {
      this.runDue(s, MAX_CATCH_UP);
      this.arm(s);
    }, Math.min(Math.ceil(delay), MAX_TIMER_MS));
    s.timer.unref();
  }

  /** Starts the scheduled times that are due, at most `limit` of them (the latest ones). */
  private runDue(s: LiveSchedule, limit: number): void {
    const now = this.virtualNow();
    const due: number[] = [];
    for (let at = s.timetable(s.record.cursor); at !== undefined && at <= now; at = s.timetable(at)) {
      due.push(at);
      if (due.length > limit) due.shift();
    }
    for (const at of due) this.fire(s, at);
  }

  private fire(s: LiveSchedule, at: number): void {
    const { record } = s;
    const execution = scheduledExecutionName(record.name, at);
    try {
      this.opts.start(record.flowName, execution, record.payload ?? '{}');
    } catch (err) {
      // Started before a crash cut off the cursor's write: the same time is not started twice.
      if (!(err instanceof ServiceError && err.code === 'ExecutionAlreadyExists')) {
        this.opts.log(`schedule ${record.flowName}/${record.name}: could not start ${execution}: ${(err as Error).message}`);
      }
    }
    record.cursor = at;
    this.opts.store.saveSchedule(record);
  }
}

/** Payload, Description and Enable as given (undefined when absent). */
function editableFields(p: Params): { payload?: string; description?: string; enable?: boolean } {
  return {
    payload: optional(p, 'Payload') === undefined ? undefined : jsonObject(p, 'Payload', { optional: true }),
    description: optionalLength(p, 'Description', 0, 256),
    enable: optional(p, 'Enable') === undefined ? undefined : optionalBool(p, 'Enable'),
  };
}
