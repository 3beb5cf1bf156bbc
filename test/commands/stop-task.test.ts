import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { testCtx } from '../helpers/ctx.js';
import { execution, fakeClient } from './fake-client.js';

function clientForStopAndTasks() {
  return fakeClient({
    StopExecution: (req) => execution({ FlowName: req.FlowName, Name: req.ExecutionName, Status: 'Stopped', ErrorCode: req.Error }),
    ReportTaskSucceeded: () => ({ RequestId: 'r', EventId: 7 }),
    ReportTaskFailed: () => ({ RequestId: 'r', EventId: 8 }),
  });
}

async function run(argv: string[], stdin?: string) {
  const client = clientForStopAndTasks();
  const ctx = testCtx({ client, stdin });
  const code = await main(argv, ctx);
  return { code, ctx, client };
}

describe('fnf stop', () => {
  it('stops with an error and a cause', async () => {
    const { code, ctx, client } = await run(['stop', 'f', 'e1', '--error', 'Cancelled', '--cause', 'by hand']);
    expect(code).toBe(0);
    expect(client.calls).toEqual([{ action: 'StopExecution', params: { FlowName: 'f', ExecutionName: 'e1', Error: 'Cancelled', Cause: 'by hand' } }]);
    expect(ctx.stdout.text).toBe('Stopped e1 (Stopped)\n');
  });

  it('sends neither Error nor Cause when not given', async () => {
    const { client } = await run(['stop', 'f', 'e1']);
    expect(client.calls[0]!.params).toEqual({ FlowName: 'f', ExecutionName: 'e1' });
  });

  it('prints JSON', async () => {
    const { ctx } = await run(['stop', 'f', 'e1', '-o', 'json']);
    expect(JSON.parse(ctx.stdout.text)).toMatchObject({ Name: 'e1', Status: 'Stopped' });
  });

  it.each([
    [['--error', ''], '--error must be 1 to 128 characters long, got 0'],
    [['--error', 'x'.repeat(129)], '--error must be 1 to 128 characters long, got 129'],
    [['--cause', 'x'.repeat(4097)], '--cause must be 1 to 4096 characters long, got 4097'],
  ])('%j → exit 2, nothing sent', async (flags, message) => {
    const { code, ctx, client } = await run(['stop', 'f', 'e1', ...flags]);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stderr.text).toBe(`fnf: ${message}\n`);
  });

  it('accepts the longest error and cause', async () => {
    const { code } = await run(['stop', 'f', 'e1', '--error', 'x'.repeat(128), '--cause', 'y'.repeat(4096)]);
    expect(code).toBe(0);
  });
});

describe('fnf task', () => {
  it('reports success with inline output', async () => {
    const { code, ctx, client } = await run(['task', 'succeed', 'tok-1', '--output', '{"ok":true}']);
    expect(code).toBe(0);
    expect(client.calls).toEqual([{ action: 'ReportTaskSucceeded', params: { TaskToken: 'tok-1', Output: '{"ok":true}' } }]);
    expect(ctx.stdout.text).toBe('Reported task succeeded (event 7)\n');
  });

  it('reads the output from stdin with -', async () => {
    const { client } = await run(['task', 'succeed', 'tok-1', '--output', '-'], '{"from":"stdin"}');
    expect(client.calls[0]!.params.Output).toBe('{"from":"stdin"}');
  });

  it('sends {} when no output is given and stdin is empty', async () => {
    const { client } = await run(['task', 'succeed', 'tok-1']);
    expect(client.calls[0]!.params.Output).toBe('{}');
  });

  it('refuses bad output, naming --output, and sends nothing', async () => {
    const { code, ctx, client } = await run(['task', 'succeed', 'tok-1', '--output', '[1]']);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stderr.text.split('\n')[0]).toBe('fnf: --output: input must be a JSON object, got an array');
  });

  it('says nothing of an event id the endpoint left out', async () => {
    const client = fakeClient({ ReportTaskSucceeded: () => ({ RequestId: 'r' }) as { RequestId: string; EventId: number } });
    const ctx = testCtx({ client });
    expect(await main(['task', 'succeed', 'tok-1', '--output', '{}'], ctx)).toBe(0);
    expect(ctx.stdout.text).toBe('Reported task succeeded\n');
  });

  it('reports failure', async () => {
    const { code, ctx, client } = await run(['task', 'fail', 'tok-1', '--error', 'Rejected', '--cause', 'too big']);
    expect(code).toBe(0);
    expect(client.calls).toEqual([{ action: 'ReportTaskFailed', params: { TaskToken: 'tok-1', Error: 'Rejected', Cause: 'too big' } }]);
    expect(ctx.stdout.text).toBe('Reported task failed (event 8)\n');
  });

  it.each([
    [['task', 'fail', 'tok-1']],
    [['task', 'fail', 'tok-1', '--error', '']],
    [['task', 'succeed', '']],
    [['task', 'explode', 'tok-1']],
  ])('%j is a usage error', async (argv) => {
    const { code, client } = await run(argv);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
  });
});
