// --query on the other commands that print JSON: flows show/validate/deploy,
// schedules list/show/create/update, and fnf test's JSON report.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActionMap } from '../../src/api/types.js';
import { main } from '../../src/cli.js';
import { complete, type DynamicSources } from '../../src/completion/candidates.js';
import { readLine } from '../../src/completion/line.js';
import { createProgram } from '../../src/program.js';
import { testCtx } from '../helpers/ctx.js';
import { PASS_FLOW } from '../helpers/flows.js';
import { fakeClient, T0, type Handlers } from './fake-client.js';

const FLOW: ActionMap['DescribeFlow']['res'] = {
  RequestId: 'r', Name: 'order', Id: 'id-1', Description: 'orders', Definition: PASS_FLOW, Type: 'FDL', ExecutionMode: 'Standard', CreatedTime: T0, LastModifiedTime: T0,
};
const SCHEDULE: ActionMap['DescribeSchedule']['res'] = {
  RequestId: 'r', ScheduleName: 'nightly', ScheduleId: 's-1', CronExpression: '0 0 2 * * *', Payload: '{}', Enable: true, CreatedTime: T0, LastModifiedTime: T0,
};

async function run(argv: string[], handlers: Handlers = {}, cwd?: string) {
  const client = fakeClient(handlers);
  const ctx = testCtx({ client, cwd });
  const code = await main(argv, ctx);
  return { code, ctx, client };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'fnf-query-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('--query on fnf flows', () => {
  it.each([
    [['flows', 'show', 'order', '--query', 'LastModifiedTime']],
    // Typed before the name: commander hands it to `fnf flows`, which takes --query too.
    [['flows', 'show', '--query', 'LastModifiedTime', 'order']],
  ])('flows show %j prints what it selects', async (argv) => {
    const { code, ctx } = await run(argv, { DescribeFlow: () => FLOW });
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe(`"${T0}"\n`);
  });

  it('flows validate selects from the problems, and still exits 2 for them', async () => {
    const d = dir({ 'good.yaml': PASS_FLOW, 'bad.yaml': 'Type: StateMachine\nName: bad\nStartAt: nowhere\nStates:\n  - {Type: Pass, Name: p, End: true}\n' });
    const { code, ctx } = await run(['flows', 'validate', d, '--query', '[].file'], {});
    expect(code).toBe(2);
    const files = JSON.parse(ctx.stdout.text) as string[];
    expect([...new Set(files)]).toEqual([expect.stringMatching(/bad\.yaml$/)]);
  });

  it('flows deploy --dry-run selects from the plan', async () => {
    const d = dir({ 'order.yaml': PASS_FLOW.replace(/Name: \w+/, 'Name: order'), 'refund.yaml': PASS_FLOW.replace(/Name: \w+/, 'Name: refund') });
    const { code, ctx, client } = await run(['flows', 'deploy', d, '--dry-run', '--query', "plan[?change=='create'].name"], {
      ListFlows: () => ({ RequestId: 'r', Flows: [{ ...FLOW, Definition: PASS_FLOW.replace(/Name: \w+/, 'Name: order') }] }),
    });
    expect(code).toBe(0);
    expect(JSON.parse(ctx.stdout.text)).toEqual(['refund']);
    expect(client.calls.map((c) => c.action)).toEqual(['ListFlows']);
  });
});

describe('--query on fnf schedules', () => {
  const handlers: Handlers = {
    ListSchedules: (req) => ({ RequestId: 'r', Schedules: [SCHEDULE, { ...SCHEDULE, ScheduleName: `${req.FlowName}-off`, Enable: false }] }),
    DescribeSchedule: () => SCHEDULE,
    CreateSchedule: (req) => ({ ...SCHEDULE, ScheduleName: req.ScheduleName, CronExpression: req.CronExpression }),
    UpdateSchedule: (req) => ({ ...SCHEDULE, Enable: req.Enable ?? true }),
  };

  it.each([
    [['schedules', 'list', 'order', '--query', 'Schedules[?!Enable].ScheduleName'], ['order-off']],
    [['schedules', 'show', 'order', 'nightly', '--query', '[ScheduleName, CronExpression]'], ['nightly', '0 0 2 * * *']],
    [['schedules', 'create', 'order', 'hourly', '--cron', '0 0 * * * *', '--query', 'ScheduleName'], 'hourly'],
    [['schedules', 'update', 'order', 'nightly', '--disable', '--query', 'Enable'], false],
  ])('%j prints %j', async (argv, selected) => {
    const { code, ctx } = await run(argv, handlers);
    expect(code).toBe(0);
    expect(JSON.parse(ctx.stdout.text)).toEqual(selected);
  });

  it('refuses --output text with it, before any request', async () => {
    const { code, client } = await run(['schedules', 'show', 'order', 'nightly', '--query', 'Enable', '-o', 'text'], handlers);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
  });
});

describe('--query on fnf test', () => {
  it('selects from the JSON report (implied by --query)', async () => {
    const fixtures = fileURLToPath(new URL('../testing/fixtures', import.meta.url));
    const { code, ctx } = await run(['test', '--jobs', '1', '--query', '[summary.passed, files[].cases[].name[]]'], {}, fixtures);
    expect(code).toBe(0);
    const [passed, names] = JSON.parse(ctx.stdout.text) as [number, string[]];
    expect(passed).toBe(2);
    expect(names).toContain('ships a paid order');
  });

  it('a bad expression exits 2 before any case runs', async () => {
    const { code, ctx } = await run(['test', '--query', 'files[']);
    expect(code).toBe(2);
    expect(ctx.stderr.text).toMatch(/^fnf: --query: invalid JMESPath at column 7/);
    expect(ctx.stdout.text).toBe('');
  });
});

describe('completion', () => {
  const none: DynamicSources = { flows: async () => [], executions: async () => [], schedules: async () => [], profiles: async () => [] };
  it.each([
    [['flows', 'show', 'order', '--q']],
    [['flows', 'validate', 'flows/', '--q']],
    [['flows', 'deploy', 'flows/', '--q']],
    [['schedules', 'list', '--q']],
    [['schedules', 'update', 'order', 'nightly', '--q']],
    [['test', '--q']],
  ])('%j offers --query', async (words) => {
    const result = await complete(readLine(await createProgram(testCtx()), words), none);
    expect(result.candidates.map((c) => c.value)).toContain('--query');
  });
});
