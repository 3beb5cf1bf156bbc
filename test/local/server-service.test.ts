// The service layer in-process, with the real engine and a real data dir:
// the running-executions limit, long-poll waiters, and restore.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import { LocalService } from '../../src/local/service.js';
import { Store } from '../../src/local/store.js';
import { ServiceError } from '../../src/local/types.js';
import { WAIT_FLOW } from '../helpers/flows.js';

const services: LocalService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

function service(opts: { dataDir?: string; maxRunning?: number; compiled?: string[] } = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'fnf-service-'));
  const s = new LocalService({
    store: new Store(dataDir),
    timeScale: 1000,
    createEngine: (host) => {
      const engine = createEngine({ host });
      const compile = engine.compile.bind(engine);
      // Records each definition the service compiles.
      engine.compile = (definition, ...rest) => (opts.compiled?.push(definition), compile(definition, ...rest));
      return engine;
    },
    maxRunning: opts.maxRunning,
  });
  services.push(s);
  const never = new AbortController().signal;
  const call = async (action: string, params: Record<string, string>, signal = never): Promise<any> => s.handle(action, params, signal);
  return { s, dataDir, call };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
  throw new Error('expected a ServiceError');
}

describe('LocalService', () => {
  it('refuses a start beyond the running limit, and accepts again once one ends', async () => {
    const { call } = service({ maxRunning: 3 });
    await call('CreateFlow', { Name: 'wait_flow', Definition: WAIT_FLOW });
    for (let i = 0; i < 3; i++) await call('StartExecution', { FlowName: 'wait_flow', ExecutionName: `w${i}`, Input: '{"seconds":100000}' });
    expect(await codeOf(call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'w3', Input: '{"seconds":1}' }))).toBe('ExecutionLimitExceeded');
    // A retry of a running one is no new execution.
    expect((await call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'w1' })).Status).toBe('Running');
    await call('StopExecution', { FlowName: 'wait_flow', ExecutionName: 'w0' });
    expect((await call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'w3', Input: '{"seconds":1}' })).Status).toBe('Running');
  });

  it('releases a long poll when its client goes away, and answers the rest at the end', async () => {
    const { call } = service();
    await call('CreateFlow', { Name: 'wait_flow', Definition: WAIT_FLOW });
    await call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'e', Input: '{"seconds":300}' });
    const gone = new AbortController();
    const abandoned = call('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'e', WaitTimeSeconds: '60' }, gone.signal);
    const kept = call('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'e', WaitTimeSeconds: '60' });
    gone.abort();
    expect((await abandoned).Status).toBe('Running');
    const started = Date.now();
    expect((await kept).Status).toBe('Succeeded');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('records one end event when a running execution is stopped (the engine writes it, the service adds none)', async () => {
    const { call } = service();
    await call('CreateFlow', { Name: 'wait_flow', Definition: WAIT_FLOW });
    await call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'e', Input: '{"seconds":500}' });
    await new Promise((r) => setImmediate(r));
    await call('StopExecution', { FlowName: 'wait_flow', ExecutionName: 'e', Error: 'Halt', Cause: 'test' });
    const { Events } = await call('GetExecutionHistory', { FlowName: 'wait_flow', ExecutionName: 'e' });
    const ends = Events.filter((e: { Type: string }) => e.Type.startsWith('Execution') && e.Type !== 'ExecutionStarted');
    expect(ends.map((e: { Type: string }) => e.Type)).toEqual(['ExecutionStopped']);
    expect(Events.at(-1).Type).toBe('ExecutionStopped');
  });

  it('restores finished executions and resumes waiting ones from the data dir', async () => {
    const first = service();
    await first.call('CreateFlow', { Name: 'wait_flow', Definition: WAIT_FLOW });
    await first.call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'quick', Input: '{"seconds":0}' });
    await first.call('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'quick', WaitTimeSeconds: '5' });
    await first.call('StartExecution', { FlowName: 'wait_flow', ExecutionName: 'slow', Input: '{"seconds":500}' });
    await new Promise((r) => setImmediate(r));
    await first.s.close();

    const compiled: string[] = [];
    const second = service({ dataDir: first.dataDir, compiled });
    expect(second.s.restore()).toEqual({ resumed: 1, total: 2 });
    // The resumed execution runs the flow's definition, compiled once as the flow loaded.
    expect(compiled).toEqual([WAIT_FLOW]);
    expect((await second.call('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'quick' })).Status).toBe('Succeeded');
    const slow = await second.call('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'slow', WaitTimeSeconds: '10' });
    expect(slow.Status).toBe('Succeeded');
  });
});
