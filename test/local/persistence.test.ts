// What `kill -9` may not lose: acknowledged executions (finished ones stay
// visible, waiting ones resume and finish), flows made through the API, and
// a history without duplicates; torn writes are tolerated.
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { PASS_FLOW, WAIT_FLOW } from '../helpers/flows.js';

const post = { method: 'POST' };
let ep: Endpoint | undefined;

afterEach(async () => {
  await ep?.stop();
  ep = undefined;
});

function flowsDir(): string {
  return writeFlowsDir({ 'pass.yaml': PASS_FLOW, 'wait.yaml': WAIT_FLOW });
}

async function history(flow: string, name: string) {
  const res = await ep!.popClient().request('GetExecutionHistory', { FlowName: flow, ExecutionName: name, Limit: 1000 });
  return res.Events as Array<{ Type: string; EventId: number }>;
}

function expectCleanHistory(events: Array<{ Type: string; EventId: number }>) {
  expect(events.map((e) => e.EventId)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => e.Type === 'ExecutionStarted')).toHaveLength(1);
  expect(events.filter((e) => e.Type.startsWith('Execution') && e.Type !== 'ExecutionStarted')).toHaveLength(1);
}

describe('kill -9, then restart on the same data dir', () => {
  it('keeps every acknowledged execution and flow; a Wait resumes and finishes', async () => {
    ep = await startEndpoint({ flowsDir: flowsDir(), timeScale: 100 });
    const client = ep.popClient();
    await client.request('CreateFlow', { Name: 'api_flow', Definition: PASS_FLOW, Type: 'FDL', Description: 'kept' }, post);
    const done = await client.request('StartExecution', { FlowName: 'pass_flow', ExecutionName: 'done_before', Input: '{"k":1}' }, post);
    const finished = await client.request('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'done_before', WaitTimeSeconds: 5 });
    expect(finished.Status).toBe('Succeeded');
    await client.request('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'waiting', Input: '{"seconds":150}' }, post);
    const burst = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client.request('StartExecution', { FlowName: 'wait_flow', ExecutionName: `burst_${i}`, Input: '{"seconds":100}' }, post)),
    );
    expect(burst.every((e) => e.Status === 'Running')).toBe(true);
    await ep.kill9();

    await ep.restart();
    const after = ep.popClient();
    expect((await after.request('DescribeFlow', { Name: 'api_flow' })).Description).toBe('kept');
    const kept = await after.request('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'done_before' });
    expect(kept).toMatchObject({ Status: 'Succeeded', Input: '{"k":1}', StartedTime: done.StartedTime, StoppedTime: finished.StoppedTime });
    expectCleanHistory(await history('pass_flow', 'done_before'));

    const resumed = await after.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'waiting', WaitTimeSeconds: 15 }, { timeout: 20_000 });
    expect(resumed.Status).toBe('Succeeded');
    expectCleanHistory(await history('wait_flow', 'waiting'));

    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await after.request('ListExecutions', { FlowName: 'wait_flow', Limit: 100, ExecutionNamePrefix: 'burst_', ...(token ? { NextToken: token } : {}) });
      listed.push(...page.Executions.map((e: { Name: string }) => e.Name));
      token = page.NextToken;
    } while (token);
    expect(listed.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `burst_${i}`).sort());
    const last = await after.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'burst_99', WaitTimeSeconds: 15 }, { timeout: 20_000 });
    expect(last.Status).toBe('Succeeded');
    // A restarted execution keeps its name: starting it again is refused now that it ended.
    const again = await after.request('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'waiting' }, post).catch((e: { code: string }) => e.code);
    expect(again).toBe('ExecutionAlreadyExists');
  });

  it('tolerates a torn last line in an events file', async () => {
    ep = await startEndpoint({ flowsDir: flowsDir(), timeScale: 100 });
    const client = ep.popClient();
    await client.request('StartExecution', { FlowName: 'pass_flow', ExecutionName: 'torn' }, post);
    await client.request('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'torn', WaitTimeSeconds: 5 });
    const before = await history('pass_flow', 'torn');
    await ep.kill9();
    const dir = join(ep.dataDir, 'executions', 'pass_flow');
    const eventsFile = readdirSync(dir).find((f) => f === 'torn.log')!;
    appendFileSync(join(dir, eventsFile), '{"e":{"StepName":"only","Type":"StepEnt');

    await ep.restart();
    expect(await history('pass_flow', 'torn')).toEqual(before);
    const status = await ep.popClient().request('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'torn' });
    expect(status.Status).toBe('Succeeded');
  });

  it('SIGTERM closes cleanly (exit 0) and a waiting execution resumes after the restart', async () => {
    ep = await startEndpoint({ flowsDir: flowsDir(), timeScale: 100 });
    const client = ep.popClient();
    await client.request('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'across_stop', Input: '{"seconds":100}' }, post);
    const polling = client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'across_stop', WaitTimeSeconds: 30 }, { timeout: 35_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(await ep.stop()).toBe(0);
    // The pending long poll got an answer before the server went away.
    expect((await polling).Status).toBe('Running');
    await ep.restart();
    const res = await ep.popClient().request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'across_stop', WaitTimeSeconds: 15 }, { timeout: 20_000 });
    expect(res.Status).toBe('Succeeded');
    expectCleanHistory(await history('wait_flow', 'across_stop'));
  });
});
