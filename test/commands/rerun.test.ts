import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { FollowOptions } from '../../src/commands/follow.js';
import { testCtx } from '../helpers/ctx.js';
import { execution, fakeClient } from './fake-client.js';

const followed: FollowOptions[] = [];
vi.mock('../../src/commands/follow.js', () => ({
  followExecution: async (opts: FollowOptions) => {
    followed.push(opts);
    return 1;
  },
}));

const GENERATED = /^orders-20260102-030405-[0-9a-z]{6}$/;

function run(argv: string[], stdin?: string) {
  const client = fakeClient({
    ListExecutions: () => ({ RequestId: 'r', Executions: [execution({ Name: 'failed_1', FlowName: 'orders', Status: 'Failed' })] }),
    DescribeExecution: (req) => execution({ Name: req.ExecutionName, FlowName: req.FlowName, Status: 'Failed', Input: '{"order":7}' }),
    StartExecution: (req) => execution({ Name: req.ExecutionName!, FlowName: req.FlowName, Input: req.Input }),
  });
  const ctx = testCtx({ client, stdin });
  return main(argv, ctx).then((code) => ({ code, ctx, client }));
}

describe('fnf rerun', () => {
  it('starts a new execution, under a generated name, with the input of the earlier one', async () => {
    const { code, client, ctx } = await run(['rerun', 'orders', 'failed_1']);
    expect(code).toBe(0);
    expect(client.calls.map((c) => c.action)).toEqual(['DescribeExecution', 'StartExecution']);
    const start = client.calls[1]!.params;
    expect(start).toMatchObject({ FlowName: 'orders', Input: '{"order":7}' });
    expect(start.ExecutionName).toMatch(GENERATED);
    expect(start).not.toHaveProperty('Qualifier');
    expect(ctx.stdout.text).toBe(`${start.ExecutionName}\n`);
    expect(ctx.stderr.text.split('\n')[0]).toBe('Rerunning failed_1');
  });

  it('takes @latest-failed, --input and --qualifier; never reads the old input when replaced', async () => {
    const { client } = await run(['rerun', 'orders', '@latest-failed', '--input', '{"order":8}', '--qualifier', 'v2']);
    expect(client.calls.map((c) => c.action)).toEqual(['ListExecutions', 'StartExecution']);
    expect(client.calls[1]!.params).toMatchObject({ Input: '{"order":8}', Qualifier: 'v2' });
  });

  it('--wait follows the new execution and exits as it ended', async () => {
    followed.length = 0;
    const { code } = await run(['rerun', 'orders', 'failed_1', '--wait', '--timeout', '5m', '-o', 'ndjson']);
    expect(code).toBe(1);
    expect(followed).toHaveLength(1);
    expect(followed[0]).toMatchObject({ flowName: 'orders', output: 'ndjson', timeoutMs: 300_000 });
    expect(followed[0]!.executionName).toMatch(GENERATED);
  });

  it('checks a replacing input before sending anything', async () => {
    const { code, client, ctx } = await run(['rerun', 'orders', 'failed_1', '--input', '[1]']);
    expect(code).toBe(2);
    expect(ctx.stderr.text.split('\n')[0]).toBe('fnf: --input: input must be a JSON object, got an array');
    expect(client.calls.map((c) => c.action)).not.toContain('StartExecution');
  });
});
