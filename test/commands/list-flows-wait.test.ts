import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { Execution, Flow } from '../../src/api/types.js';
import type { FollowOptions } from '../../src/commands/follow.js';
import { testCtx } from '../helpers/ctx.js';
import { execution, fakeClient } from './fake-client.js';

const followed: FollowOptions[] = [];
vi.mock('../../src/commands/follow.js', () => ({
  followExecution: async (opts: FollowOptions) => {
    followed.push(opts);
    return 124;
  },
}));

function flow(name: string, description = ''): Flow {
  return { Name: name, Id: `id-${name}`, Description: description, Definition: '', Type: 'FDL', ExecutionMode: 'Standard', CreatedTime: '2026-01-01T00:00:00.000Z', LastModifiedTime: '2026-01-01T10:00:00.000Z' };
}

function exec(flowName: string, name: string, startedMinute: number, status: Execution['Status'] = 'Succeeded'): Execution {
  const started = `2026-01-02T03:${String(startedMinute).padStart(2, '0')}:00.000Z`;
  const { RequestId: _r, ...e } = execution({
    FlowName: flowName, Name: name, Status: status, StartedTime: started,
    StoppedTime: status === 'Running' ? undefined : `2026-01-02T03:${String(startedMinute).padStart(2, '0')}:02.500Z`,
  });
  return e;
}

const EXECUTIONS: Record<string, Execution[]> = {
  a: [exec('a', 'a-1', 1), { ...exec('a', 'a-2', 3, 'Failed'), ErrorCode: 'Item.Bad', ErrorMessage: 'item 2 is bad\nat line 3' }, exec('a', 'a-3', 4, 'Running')],
  b: [exec('b', 'b-1', 2)],
};

function listingClient(pageSize = 2) {
  return fakeClient({
    ListFlows: (req) => (req.NextToken ? { RequestId: 'r', Flows: [flow('b')] } : { RequestId: 'r', Flows: [flow('a', 'first flow')], NextToken: 'p2' }),
    ListExecutions: (req) => {
      const all = EXECUTIONS[req.FlowName] ?? [];
      const from = Number(req.NextToken ?? 0);
      const next = from + pageSize < all.length ? String(from + pageSize) : undefined;
      return { RequestId: 'r', Executions: all.slice(from, from + pageSize), NextToken: next };
    },
  });
}

async function run(argv: string[]) {
  const client = listingClient();
  const ctx = testCtx({ client });
  const code = await main(argv, ctx);
  return { code, ctx, client };
}

describe('fnf list', () => {
  it('lists every flow when none is named, newest first, as an aligned table with the code and first line of each error', async () => {
    const { code, ctx, client } = await run(['list']);
    expect(code).toBe(0);
    expect(client.calls.map((c) => [c.action, c.params.FlowName, c.params.NextToken].filter(Boolean).join(' '))).toEqual([
      'ListFlows', 'ListFlows p2', 'ListExecutions a', 'ListExecutions a 2', 'ListExecutions b',
    ]);
    expect(ctx.stdout.text).toBe(
      [
        'FLOW  NAME  STATUS     STARTED                   DURATION  ERROR',
        'a     a-3   Running    2026-01-02T03:04:00.000Z  5.0s',
        'a     a-2   Failed     2026-01-02T03:03:00.000Z  2.5s      Item.Bad: item 2 is bad',
        'b     b-1   Succeeded  2026-01-02T03:02:00.000Z  2.5s',
        'a     a-1   Succeeded  2026-01-02T03:01:00.000Z  2.5s',
        '',
      ].join('\n'),
    );
  });

  it('prints an execution the answer gives without its fields as empty cells, not an internal error', async () => {
    const client = fakeClient({ ListExecutions: () => ({ RequestId: 'r', Executions: [{} as Execution] }) });
    const ctx = testCtx({ client });
    expect(await main(['list', 'a'], ctx)).toBe(0);
    expect(ctx.stdout.text.split('\n')[0]).toBe('NAME  STATUS  STARTED  DURATION');
  });

  it('passes filters to ListExecutions for one flow', async () => {
    const { client, ctx } = await run(['list', 'a', '--status', 'Failed', '--prefix', 'a-', '--since', '1h', '--limit', '5']);
    expect(client.calls[0]).toEqual({
      action: 'ListExecutions',
      params: { FlowName: 'a', Limit: 5, Status: 'Failed', ExecutionNamePrefix: 'a-', StartedTimeBegin: '2026-01-02T02:04:05.000Z', MetadataOnly: true },
    });
    expect(ctx.stdout.text.split('\n')[0]).toBe('NAME  STATUS     STARTED                   DURATION  ERROR');
  });

  it('stops paging at --limit', async () => {
    const { client, ctx } = await run(['list', 'a', '--limit', '1']);
    expect(client.calls).toHaveLength(1);
    expect(ctx.stdout.text.trimEnd().split('\n')).toHaveLength(2);
  });

  it('prints one JSON document with the input and output', async () => {
    const { ctx, client } = await run(['list', 'b', '-o', 'json']);
    expect(client.calls[0]!.params).not.toHaveProperty('MetadataOnly');
    expect(JSON.parse(ctx.stdout.text)).toEqual({ Executions: EXECUTIONS.b });
  });

  it('says so on stderr when nothing matches', async () => {
    const { code, ctx } = await run(['list', 'c']);
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toBe('No executions found for flow c.\n');
  });

  it.each([
    [['list', 'a', '--limit', '0']],
    [['list', 'a', '--status', 'Done']],
    [['list', 'a', '--since', 'yesterday']],
    [['list', 'a b']],
  ])('%j is a usage error', async (argv) => {
    const { code, client } = await run(argv);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
  });
});

describe('fnf flows', () => {
  it('lists every page of flows as a table', async () => {
    const { code, ctx, client } = await run(['flows']);
    expect(code).toBe(0);
    expect(client.calls.map((c) => c.params)).toEqual([{ Limit: 1000 }, { Limit: 1000, NextToken: 'p2' }]);
    expect(ctx.stdout.text).toBe(
      ['NAME  MODE      MODIFIED                  DESCRIPTION', 'a     Standard  2026-01-01T10:00:00.000Z  first flow', 'b     Standard  2026-01-01T10:00:00.000Z', ''].join('\n'),
    );
  });

  it('names a mistyped subcommand as unknown and suggests the one meant, without a request', async () => {
    const { code, ctx, client } = await run(['flows', 'valdate', 'x.yaml']);
    expect(code).toBe(2);
    expect(ctx.stderr.text).toMatch(/^fnf: unknown command 'valdate'\n\(Did you mean validate\?\)\n/);
    expect(client.calls).toEqual([]);
  });

  it('prints JSON', async () => {
    const { ctx } = await run(['flows', '--output', 'json']);
    expect(JSON.parse(ctx.stdout.text).Flows.map((f: Flow) => f.Name)).toEqual(['a', 'b']);
  });

  it.each([[['flows', 'list', '-o', 'json']], [['flows', 'list', '--query', 'Flows[].Name']]])('%j prints JSON too', async (argv) => {
    const { ctx } = await run(argv);
    const doc = JSON.parse(ctx.stdout.text);
    expect(Array.isArray(doc) ? doc : doc.Flows.map((f: Flow) => f.Name)).toEqual(['a', 'b']);
  });
});

describe('fnf wait', () => {
  it('follows the execution with the output mode, timeout and resume command', async () => {
    followed.length = 0;
    const { code } = await run(['wait', 'a', 'a-3', '--timeout', '5m', '--profile', 'local']);
    expect(code).toBe(124);
    expect(followed).toEqual([{ flowName: 'a', executionName: 'a-3', output: 'text', timeoutMs: 300_000, resumeCommand: 'fnf wait a a-3 --profile local', describeCommand: 'fnf describe a a-3 --profile local' }]);
  });

  it('validates names before anything else', async () => {
    followed.length = 0;
    const { code, ctx } = await run(['wait', 'a', '3rd']);
    expect(code).toBe(2);
    expect(followed).toEqual([]);
    expect(ctx.stderr.text.split('\n')[0]).toBe('fnf: invalid execution name "3rd": it must start with a letter or _');
  });
});
