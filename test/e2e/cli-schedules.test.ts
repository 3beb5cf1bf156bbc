// Schedules through the built CLI against `fnf local serve --time-scale 120`
// (a minute passes in half a second): create, list, show, update, delete; the
// executions they start show in `fnf list`; a kill -9 and a restart keep them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { PASS_FLOW } from '../helpers/flows.js';
import { until } from './until.js';

let ep: Endpoint;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'pass_flow.yaml': PASS_FLOW }), timeScale: 120 });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv });

async function scheduledRuns(): Promise<string[]> {
  const listed = await fnf(['list', 'pass_flow', '--output', 'json']);
  return (JSON.parse(listed.stdout).Executions as Array<{ Name: string }>).map((e) => e.Name).filter((n) => n.startsWith('tick-')).sort();
}

describe('fnf schedules', () => {
  it('creates a schedule whose executions show in fnf list, with the payload as input', async () => {
    const created = await fnf(['schedules', 'create', 'pass_flow', 'tick', '--cron', '0 * * * * *', '--payload', '{"n":1}', '--description', 'every minute']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Schedule: {4}tick\nCron: {8}0 \* \* \* \* \*\nEnabled: {5}yes\nPayload: {5}\{"n":1\}\nDescription: every minute\n/);

    const runs = await until(async () => ((await scheduledRuns()).length >= 2 ? scheduledRuns() : undefined), 'two scheduled executions');
    expect(runs[0]).toMatch(/^tick-\d{8}-\d{4}00$/);
    const described = await fnf(['describe', 'pass_flow', runs[0]!, '--output', 'json']);
    expect(JSON.parse(described.stdout).Input).toBe('{"n":1}');

    const listed = await fnf(['schedules', 'list']);
    expect(listed.stdout).toBe('FLOW       SCHEDULE  CRON         ENABLED  DESCRIPTION\npass_flow  tick      0 * * * * *  yes      every minute\n');
  });

  it('refuses what the service refuses, with exit 5', async () => {
    const bad = await fnf(['schedules', 'create', 'pass_flow', 'bad', '--cron', '*/5 * * * * *']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toMatch(/InvalidArgument: CronExpression "\*\/5 \* \* \* \* \*" is invalid: Seconds/);
    const missing = await fnf(['schedules', 'show', 'pass_flow', 'nope']);
    expect([missing.code, missing.stderr]).toEqual([5, expect.stringMatching(/schedule "nope" of flow "pass_flow" does not exist/)]);
    const nothing = await fnf(['schedules', 'update', 'pass_flow', 'tick']);
    expect(nothing.code).toBe(2);
  });

  it('keeps schedules and their place across kill -9 and a restart, and stops when disabled', async () => {
    const before = await scheduledRuns();
    await ep.kill9();
    await ep.restart();
    expect(JSON.parse((await fnf(['schedules', 'show', 'pass_flow', 'tick', '--output', 'json'])).stdout)).toMatchObject({ ScheduleName: 'tick', Enable: true });
    const after = await until(async () => {
      const runs = await scheduledRuns();
      return runs.length > before.length + 1 ? runs : undefined;
    }, 'scheduled executions after the restart');
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after).size).toBe(after.length);

    expect((await fnf(['schedules', 'update', 'pass_flow', 'tick', '--disable', '--output', 'json'])).stdout).toMatch(/"Enable": false/);
    const settled = (await scheduledRuns()).length;
    await new Promise((r) => setTimeout(r, 1200));
    expect((await scheduledRuns()).length).toBe(settled);

    expect((await fnf(['schedules', 'delete', 'pass_flow', 'tick'])).code).toBe(2);
    expect(await fnf(['schedules', 'delete', 'pass_flow', 'tick', '--yes'])).toMatchObject({ code: 0, stderr: 'Deleted schedule tick of flow pass_flow\n' });
    expect((await fnf(['schedules', 'list', 'pass_flow'])).stderr).toBe('No schedules found.\n');
  });
});
