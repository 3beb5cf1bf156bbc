// @latest, @latest-failed and a missing name, through the commands that take an execution.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Execution } from '../../src/api/types.js';
import { testCtx } from '../helpers/ctx.js';
import { execution, fakeClient } from './fake-client.js';

const listed: Execution[] = [
  // Out of order on purpose: @latest goes by StartedTime, not by the page's order.
  { Name: 'middle', FlowName: 'f', Status: 'Failed', StartedTime: '2026-01-02T03:00:00.000Z' },
  { Name: 'newest', FlowName: 'f', Status: 'Running', StartedTime: '2026-01-02T04:00:00.000Z' },
  { Name: 'oldest', FlowName: 'f', Status: 'Failed', StartedTime: '2026-01-02T02:00:00.000Z' },
];

function run(argv: string[], executions = listed, tty = false) {
  const client = fakeClient({
    ListExecutions: (req) => ({ RequestId: 'r', Executions: executions.filter((e) => !req.Status || e.Status === req.Status) }),
    DescribeExecution: (req) => execution({ Name: req.ExecutionName, FlowName: req.FlowName }),
    StopExecution: (req) => execution({ Name: req.ExecutionName, FlowName: req.FlowName, Status: 'Stopped' }),
  });
  const ctx = testCtx({ client, tty });
  return main(argv, ctx).then((code) => ({ code, ctx, client }));
}

describe('execution shortcuts', () => {
  it('@latest is the newest execution of the flow', async () => {
    const { code, client, ctx } = await run(['describe', 'f', '@latest', '-o', 'json']);
    expect(code).toBe(0);
    expect(client.calls.map((c) => c.action)).toEqual(['ListExecutions', 'DescribeExecution']);
    expect(client.calls[0]!.params).toEqual({ FlowName: 'f', Limit: 100, MetadataOnly: true });
    expect(JSON.parse(ctx.stdout.text).Name).toBe('newest');
  });

  it('@latest-failed is the newest one that failed', async () => {
    const { code, client, ctx } = await run(['stop', 'f', '@latest-failed']);
    expect(code).toBe(0);
    expect(client.calls[0]!.params).toMatchObject({ Status: 'Failed' });
    expect(client.calls[1]).toEqual({ action: 'StopExecution', params: { FlowName: 'f', ExecutionName: 'middle' } });
    expect(ctx.stdout.text).toBe('Stopped middle (Stopped)\n');
  });

  it('a flow without a matching execution is an API error (exit 5) naming what to run', async () => {
    const { code, ctx } = await run(['describe', 'f', '@latest-failed'], listed.filter((e) => e.Status !== 'Failed'));
    expect(code).toBe(5);
    expect(ctx.stderr.text).toBe('fnf: flow f has no failed executions\nSee them with: fnf list f\n');
  });

  it('an unknown shortcut is a usage error, nothing sent', async () => {
    const { code, ctx, client } = await run(['wait', 'f', '@newest']);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stderr.text.split('\n')[0]).toBe('fnf: unknown execution shortcut "@newest"');
  });

  it.each([['describe'], ['stop'], ['wait']])('%s without a name off a terminal exits 2 with the usage', async (verb) => {
    const { code, ctx, client } = await run([verb, 'f']);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    const [first, usage] = ctx.stderr.text.split('\n');
    expect(first).toBe('fnf: an execution name is required when not running interactively');
    expect(usage).toMatch(new RegExp(`^Usage: fnf ${verb} \\[options\\] <flow> \\[name`));
  });
});
