import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { HistoryEvent } from '../../src/api/types.js';
import { testCtx } from '../helpers/ctx.js';
import { execution, fakeClient } from './fake-client.js';

const done = execution({
  Name: 'e1', FlowName: 'f', Status: 'Failed', Input: '{"a":1}',
  StartedTime: '2026-01-02T03:04:05.000Z', StoppedTime: '2026-01-02T03:04:06.250Z', ErrorCode: 'Boom', ErrorMessage: 'it broke',
});

function event(id: number, type: HistoryEvent['Type'], step = ''): HistoryEvent {
  return { EventId: id, Type: type, StepName: step, ScheduleEventId: 0, Time: `2026-01-02T03:04:0${5 + id}.000Z`, EventDetail: '{}' };
}

const EVENTS: HistoryEvent[] = [
  event(1, 'ExecutionStarted'),
  { ...event(2, 'TaskScheduled', 'check'), EventDetail: '{"taskToken":"tok-123"}' },
  { ...event(3, 'ExecutionFailed'), EventDetail: '{"error":"Bad.Input","cause":"no sku"}' },
];

async function describeWith(argv: string[], status = done) {
  const pages: Record<string, { Events: HistoryEvent[]; NextToken?: string }> = {
    first: { Events: EVENTS.slice(0, 2), NextToken: '2' },
    '2': { Events: EVENTS.slice(2) },
  };
  const client = fakeClient({
    DescribeExecution: () => status,
    GetExecutionHistory: (req) => ({ RequestId: 'r', ...pages[req.NextToken ?? 'first']! }),
  });
  const ctx = testCtx({ client });
  const code = await main(['describe', 'f', 'e1', ...argv], ctx);
  return { code, ctx, client };
}

describe('fnf describe', () => {
  it('shows status, times, duration, input and error', async () => {
    const { code, ctx, client } = await describeWith([]);
    expect(code).toBe(0);
    expect(client.calls).toEqual([{ action: 'DescribeExecution', params: { FlowName: 'f', ExecutionName: 'e1' } }]);
    expect(ctx.stdout.text).toBe(
      [
        'Execution e1',
        'Flow      f',
        'Status    ✘ Failed',
        'Started   2026-01-02T03:04:05.000Z',
        'Stopped   2026-01-02T03:04:06.250Z',
        'Duration  1.2s',
        'Error     Boom: it broke',
        'Input',
        '  {',
        '    "a": 1',
        '  }',
        '',
      ].join('\n'),
    );
    expect(ctx.stderr.text).toBe('');
  });

  it('shows how long a running execution has run so far', async () => {
    const { ctx } = await describeWith([], execution({ StartedTime: '2026-01-02T03:03:05.000Z', Output: undefined }));
    expect(ctx.stdout.text).toContain('Duration  1m00s so far\n');
  });

  it('pages through the whole history with --history, with the task tokens and errors the events hold', async () => {
    const { ctx, client } = await describeWith(['--history']);
    expect(client.calls.slice(1)).toEqual([
      { action: 'GetExecutionHistory', params: { FlowName: 'f', ExecutionName: 'e1', Limit: 1000 } },
      { action: 'GetExecutionHistory', params: { FlowName: 'f', ExecutionName: 'e1', Limit: 1000, NextToken: '2' } },
    ]);
    expect(ctx.stdout.text.split('History')[1]).toBe(
      [
        ' (3 events)',
        '  ID  TIME                      TYPE              STEP   DETAIL',
        '  1   2026-01-02T03:04:06.000Z  ExecutionStarted',
        '  2   2026-01-02T03:04:07.000Z  TaskScheduled     check  task token tok-123',
        '  3   2026-01-02T03:04:08.000Z  ExecutionFailed          Bad.Input: no sku',
        '',
      ].join('\n'),
    );
  });

  it('prints one JSON document with the API fields, events included with --history', async () => {
    const { ctx } = await describeWith(['--output', 'json', '--history']);
    const doc = JSON.parse(ctx.stdout.text);
    const { RequestId: _dropped, ...apiFields } = done;
    expect(doc).toEqual({ ...apiFields, Events: EVENTS });
  });

  it.each([
    ['Failed', 1],
    ['TimedOut', 3],
    ['Stopped', 4],
    ['Succeeded', 0],
    ['Running', 0],
  ] as const)('--exit-status: %s → %i', async (status, exit) => {
    const { code } = await describeWith(['--exit-status'], execution({ Status: status }));
    expect(code).toBe(exit);
  });

  it('exits 0 for a failed execution without --exit-status', async () => {
    expect((await describeWith([])).code).toBe(0);
  });

  it('refuses --output ndjson', async () => {
    const { code, client } = await describeWith(['--output', 'ndjson']);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
  });
});
