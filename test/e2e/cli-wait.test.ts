// `fnf start --wait` through the built CLI: the exit code says how the
// execution ended (0 / 1 / 4), or that --timeout elapsed (124). Also measures
// the requests one watch makes and how soon the CLI exits after the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Endpoint, PopClient } from '../helpers/endpoint.js';
import { startFlowsEndpoint } from './flows.js';
import { untilRunning } from './until.js';

let ep: Endpoint;
let pop: PopClient;

beforeAll(async () => {
  ({ ep, pop } = await startFlowsEndpoint());
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv, timeoutMs: 25_000 });

/** --verbose logs one `→ Action` line per request sent. */
function requestsIn(stderr: string): string[] {
  return [...stderr.matchAll(/^fnf: → (\w+)/gm)].map((m) => m[1]!);
}

describe('fnf start --wait', () => {
  it('exits 0 when the execution succeeds, after a handful of requests', async () => {
    const res = await fnf(['-v', 'start', 'three_steps', '--name', 'ok_1', '--wait', '-o', 'json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ Name: 'ok_1', Status: 'Succeeded' });
    const requests = requestsIn(res.stderr);
    console.log(`start --wait of a 3-step flow: ${requests.length} requests: ${requests.join(', ')}`);
    expect(requests[0]).toBe('StartExecution');
    expect(requests.length).toBeLessThanOrEqual(6);
  });

  it('exits 1 when the execution fails, with the error on stderr', async () => {
    const res = await fnf(['start', 'fails', '--name', 'fail_1', '--wait']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Boom');
  });

  it('exits 4 when the execution is stopped while watched', async () => {
    const watching = fnf(['start', 'slow', '--name', 'stop_me', '--wait', '-o', 'json']);
    await untilRunning(pop, 'slow', 'stop_me');
    const stop = await fnf(['stop', 'slow', 'stop_me', '--error', 'Cancelled']);
    expect(stop.code).toBe(0);
    const res = await watching;
    expect(res.code).toBe(4);
    expect(JSON.parse(res.stdout)).toMatchObject({ Name: 'stop_me', Status: 'Stopped' });
  });

  it('a stopped Parallel: the steps it cut short are told before it, inner steps first', async () => {
    const definition = 'Type: StateMachine\nSpecVersion: v1\nName: fan_stop\nStartAt: fan\nStates:\n  - Type: Parallel\n    Name: fan\n'
      + '    Branches:\n      - StartAt: nap\n        States:\n          - {Type: Wait, Name: nap, Seconds: 3600, End: true}\n    End: true\n';
    await pop.request('CreateFlow', { Name: 'fan_stop', Definition: definition, Type: 'FDL' }, { method: 'POST' });
    const watching = fnf(['start', 'fan_stop', '--name', 'fan_stop_1', '--wait']);
    await untilRunning(pop, 'fan_stop', 'fan_stop_1');
    expect((await fnf(['stop', 'fan_stop', 'fan_stop_1'])).code).toBe(0);
    const res = await watching;
    expect(res.code).toBe(4);
    const lines = res.stderr.split('\n').map((l) => l.slice(9).replace(/\b\d+(\.\d+)?m?s\b/g, '<d>'));
    expect(lines.slice(0, 5)).toEqual(['▶ fan (Parallel)', '▶ fan[0] › nap (Wait 1h00m)', '■ fan[0] › nap <d> (stopped)', '■ fan <d> (stopped)', '■ Stopped in <d>']);
  });

  it('exits 124 when --timeout elapses, leaving the execution running', async () => {
    const res = await fnf(['start', 'slow', '--name', 'too_slow', '--wait', '--timeout', '2s']);
    expect(res.code).toBe(124);
    expect(res.ms).toBeGreaterThanOrEqual(2000);
    expect(res.stderr).toContain('fnf wait slow too_slow');
    expect((await pop.request('DescribeExecution', { FlowName: 'slow', ExecutionName: 'too_slow' })).Status).toBe('Running');
  });

  it('exits soon after the execution ends', async () => {
    const before = Date.now();
    const res = await fnf(['start', 'two_seconds', '--name', 'timed_1', '--wait', '-o', 'json']);
    const exitedAt = before + res.ms;
    expect(res.code).toBe(0);
    const { StoppedTime } = await pop.request('DescribeExecution', { FlowName: 'two_seconds', ExecutionName: 'timed_1' });
    const lagMs = exitedAt - Date.parse(StoppedTime);
    console.log(`CLI exited ${lagMs} ms after the execution ended (process total ${res.ms} ms)`);
    expect(lagMs).toBeLessThan(3000);
  });
});

describe('fnf wait', () => {
  it.each([['text'], ['ndjson']])('an execution that does not exist: exit 5 and the error alone, no note that it keeps running (-o %s)', async (output) => {
    const res = await fnf(['wait', 'three_steps', 'never_started', '-o', output]);
    expect(res.code).toBe(5);
    expect(res.stderr).toBe('fnf: ExecutionNotExists: execution "never_started" of flow "three_steps" does not exist at ' + ep.cliEnv.FNF_ENDPOINT + '\n');
    expect(res.stdout).toBe('');
  });
});
