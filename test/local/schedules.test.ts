// Schedules of the local endpoint in-process, with the real service, engine and
// data dir, on a clock the test moves: the service's cron syntax
// (help.aliyun.com/document_detail/168926.html), the five actions, starts at
// the scheduled times (and --time-scale), and restarts that neither lose the
// schedule nor start a time twice.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import { parseCronExpression, scheduledExecutionName } from '../../src/local/schedules.js';
import { LocalService } from '../../src/local/service.js';
import { Store } from '../../src/local/store.js';
import { ServiceError } from '../../src/local/types.js';
import { PASS_FLOW } from '../helpers/flows.js';

const T0 = Date.parse('2026-12-01T10:00:30.000Z');
let clock = T0;
const services: LocalService[] = [];

beforeEach(() => {
  clock = T0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  vi.useRealTimers();
});

function service(dataDir = mkdtempSync(join(tmpdir(), 'fnf-schedules-')), timeScale = 1) {
  const s = new LocalService({ store: new Store(dataDir), timeScale, now: () => clock, createEngine: (host) => createEngine({ host }) });
  services.push(s);
  s.restore();
  const call = async (action: string, params: Record<string, string>): Promise<any> => s.handle(action, params, new AbortController().signal);
  return { s, dataDir, call };
}

/** Moves the clock and the timers together, in small steps as a real clock would. */
function advance(ms: number): void {
  for (let done = 0; done < ms; done += 100) {
    clock += 100;
    vi.advanceTimersByTime(100);
  }
}

/** As kill -9: no close(), the timers die with the process, and only what was written survives. */
function crash(): void {
  services.splice(0);
  vi.clearAllTimers();
}

/** A service whose every-minute schedule started once (10:01), then killed. */
async function tickedOnceThenCrashed() {
  const first = service();
  await first.call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
  await first.call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick', CronExpression: '0 * * * * *' });
  advance(60_000);
  crash();
  return first;
}

async function names(call: (a: string, p: Record<string, string>) => Promise<any>): Promise<string[]> {
  const { Executions } = await call('ListExecutions', { FlowName: 'pass_flow' });
  return Executions.map((e: { Name: string }) => e.Name).sort();
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ServiceError) return `${err.status} ${err.code}`;
    throw err;
  }
  throw new Error('expected a ServiceError');
}

const utc = (iso: string) => Date.parse(iso);

describe('the service cron syntax', () => {
  it('reads six fields in UTC, seconds first, and @every N minutes', () => {
    expect(parseCronExpression('0 * * * * *')(utc('2026-12-01T10:00:30Z'))).toBe(utc('2026-12-01T10:01:00Z'));
    expect(parseCronExpression('0 3/5 * * * *')(utc('2026-12-01T10:00:30Z'))).toBe(utc('2026-12-01T10:03:00Z'));
    expect(parseCronExpression('0 0 10 ? * MON-FRI')(utc('2026-12-05T00:00:00Z'))).toBe(utc('2026-12-07T10:00:00Z'));
    expect(parseCronExpression('0 0 0 1 JAN ?')(utc('2026-12-01T00:00:00Z'))).toBe(utc('2027-01-01T00:00:00Z'));
    expect(parseCronExpression('@every 90m')(utc('2026-12-01T10:00:00Z'))).toBe(utc('2026-12-01T11:30:00Z'));
  });

  it.each([
    ['* * * * *', /needs 6 fields/],
    ['*/5 * * * * *', /Seconds "\*\/5" is not allowed/],
    ['0 * * * * 1/2', /Day-of-week "1\/2" is not allowed/],
    ['0 61 * * * *', /Invalid value for minute/],
    ['75 * * * * *', /Seconds must be from 0 to 59/],
    ['@every 30s', /use @every <minutes>m/],
    ['@every 0m', /at least 1 minute/],
  ])('refuses %s', (text, why) => {
    expect(() => parseCronExpression(text)).toThrow(why);
    expect(() => parseCronExpression(text)).toThrow(ServiceError);
  });

  it('names each execution after its scheduled time, within the name limit', () => {
    expect(scheduledExecutionName('nightly', utc('2026-12-01T10:01:00Z'))).toBe('nightly-20261201-100100');
    expect(scheduledExecutionName('x'.repeat(128), 0)).toHaveLength(128);
  });
});

describe('schedule actions', () => {
  it('create, describe, list, update and delete, with the service errors', async () => {
    const { call, dataDir } = service();
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    const made = await call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'nightly', CronExpression: '0 0 2 * * *', Payload: '{"a":1}', Description: 'at 2' });
    expect(made).toMatchObject({ ScheduleName: 'nightly', CronExpression: '0 0 2 * * *', Payload: '{"a":1}', Enable: true, Description: 'at 2', CreatedTime: '2026-12-01T10:00:30.000Z' });
    expect(await codeOf(call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'nightly', CronExpression: '0 0 2 * * *' }))).toBe('409 ScheduleAlreadyExists');
    expect(await codeOf(call('CreateSchedule', { FlowName: 'nope', ScheduleName: 's', CronExpression: '0 0 2 * * *' }))).toBe('404 FlowNotExists');
    expect(await codeOf(call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 's', CronExpression: '0 0 2 * *' }))).toBe('400 InvalidArgument');
    expect(await codeOf(call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 's', CronExpression: '0 0 2 * * *', Payload: '[1]' }))).toBe('400 InvalidArgument');
    expect(await codeOf(call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 's' }))).toBe('400 MissingRequiredParams');

    clock += 1000;
    const updated = await call('UpdateSchedule', { FlowName: 'pass_flow', ScheduleName: 'nightly', Enable: 'false' });
    expect(updated).toMatchObject({ Enable: false, CronExpression: '0 0 2 * * *', Payload: '{"a":1}', LastModifiedTime: '2026-12-01T10:00:31.000Z' });
    expect(await call('DescribeSchedule', { FlowName: 'pass_flow', ScheduleName: 'nightly' })).toEqual(updated);
    await call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'hourly', CronExpression: '0 0 * * * *' });
    const page = await call('ListSchedules', { FlowName: 'pass_flow', Limit: '1' });
    expect([page.Schedules.map((x: any) => x.ScheduleName), page.NextToken]).toEqual([['hourly'], 'nightly']);
    expect((await call('ListSchedules', { FlowName: 'pass_flow', NextToken: 'nightly' })).Schedules).toHaveLength(1);

    expect(await call('DeleteSchedule', { FlowName: 'pass_flow', ScheduleName: 'nightly' })).toEqual({});
    expect(await codeOf(call('DescribeSchedule', { FlowName: 'pass_flow', ScheduleName: 'nightly' }))).toBe('404 ScheduleNotExists');

    // Its schedules go with a deleted flow: a flow made again under the name starts with none.
    await call('DeleteFlow', { Name: 'pass_flow' });
    expect(await codeOf(call('ListSchedules', { FlowName: 'pass_flow' }))).toBe('404 FlowNotExists');
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    expect((await call('ListSchedules', { FlowName: 'pass_flow' })).Schedules).toEqual([]);
    expect(existsSync(join(dataDir, 'schedules', 'pass_flow', 'hourly.json'))).toBe(false);
  });
});

describe('a schedule whose file is already gone (the data dir cleaned by hand)', () => {
  // The store deletes what is there and takes a missing file as deleted; whether the schedule existed
  // is the service's answer, 404 ScheduleNotExists as for the other schedule actions. The docs found
  // say nothing of that error (https://alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteschedule).
  it('DeleteSchedule forgets it and it starts nothing more; asked again, ScheduleNotExists', async () => {
    const { call, dataDir } = service();
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    await call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick', CronExpression: '0 * * * * *' });
    rmSync(join(dataDir, 'schedules', 'pass_flow', 'tick.json'));
    expect(await call('DeleteSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick' })).toEqual({});
    advance(2 * 60_000);
    expect(await names(call)).toEqual([]);
    expect(await codeOf(call('DeleteSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick' }))).toBe('404 ScheduleNotExists');
  });

  it('DeleteFlow still takes every schedule of the flow with it', async () => {
    const { call, dataDir } = service();
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    for (const name of ['a_tick', 'b_tick']) await call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: name, CronExpression: '0 * * * * *' });
    rmSync(join(dataDir, 'schedules', 'pass_flow', 'a_tick.json'));
    expect(await call('DeleteFlow', { Name: 'pass_flow' })).toEqual({});
    expect(existsSync(join(dataDir, 'schedules', 'pass_flow', 'b_tick.json'))).toBe(false);
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    expect((await call('ListSchedules', { FlowName: 'pass_flow' })).Schedules).toEqual([]);
    advance(2 * 60_000);
    expect(await names(call)).toEqual([]);
  });
});

describe('schedules start executions', () => {
  it('at each scheduled time, with the payload as the input, and not while disabled', async () => {
    const { call } = service();
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    await call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick', CronExpression: '0 * * * * *', Payload: '{"n":7}' });
    advance(29_000);
    expect(await names(call)).toEqual([]);
    advance(2 * 60_000);
    expect(await names(call)).toEqual(['tick-20261201-100100', 'tick-20261201-100200']);
    const first = await call('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'tick-20261201-100100' });
    expect(first.Input).toBe('{"n":7}');

    await call('UpdateSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick', Enable: 'false' });
    advance(3 * 60_000);
    expect(await names(call)).toHaveLength(2);
    // Enabled again: it goes on from now, without making up for the disabled minutes.
    await call('UpdateSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick', Enable: 'true' });
    advance(60_000);
    expect((await names(call)).at(-1)).toBe('tick-20261201-100600');
    expect(await names(call)).toHaveLength(3);
  });

  it('runs --time-scale times faster', async () => {
    const { call } = service(undefined, 60);
    await call('CreateFlow', { Name: 'pass_flow', Definition: PASS_FLOW });
    await call('CreateSchedule', { FlowName: 'pass_flow', ScheduleName: 'tick', CronExpression: '0 * * * * *' });
    // 3 s of wall time are 3 minutes of the endpoint's time.
    advance(3_000);
    expect(await names(call)).toEqual(['tick-20261201-100100', 'tick-20261201-100200', 'tick-20261201-100300']);
  });

  it('survives a restart, starting the times missed while down once (the latest)', async () => {
    const first = await tickedOnceThenCrashed();
    clock += 10 * 60_000;
    const second = service(first.dataDir);
    expect(await names(second.call)).toEqual(['tick-20261201-100100', 'tick-20261201-101100']);
    advance(60_000);
    expect((await names(second.call)).at(-1)).toBe('tick-20261201-101200');
  });

  it('does not start a time twice when a crash came between the start and the write of the cursor', async () => {
    const first = await tickedOnceThenCrashed();
    const file = join(first.dataDir, 'schedules', 'pass_flow', 'tick.json');
    const record = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...record, cursor: T0 }));
    const second = service(first.dataDir);
    expect(await names(second.call)).toEqual(['tick-20261201-100100']);
    expect(JSON.parse(readFileSync(file, 'utf8')).cursor).toBe(utc('2026-12-01T10:01:00Z'));
  });
});
