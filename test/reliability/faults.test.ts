// `fnf start --wait` through a proxy that injects 5xx, 429, an HTML 502,
// resets, answers held past the client timeout and answers lost after the
// server acted. Every run starts exactly one execution (counted on the
// endpoint), exits 0 (or 6 once retries are spent), never crashes and never
// outlives its --timeout by more than one request.
// FNF_FAULT_RUNS / FNF_FAULT_SEED / FNF_FAULT_CONCURRENCY scale it up (bench/fault-runs.mjs runs 200).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startEndpoint, type Endpoint, type PopClient } from '../helpers/endpoint.js';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../helpers/fault-proxy.js';
import { backoffMs, DEFAULT_RETRY } from '../../src/api/retry.js';

const RUNS = Number(process.env.FNF_FAULT_RUNS ?? 16);
const SEED = Number(process.env.FNF_FAULT_SEED ?? 20250101);
const CONCURRENCY = Number(process.env.FNF_FAULT_CONCURRENCY ?? 4);
/** Multiplies every fault rate (2.5 makes retries run out often enough to see exit 6). */
const HARSHNESS = Number(process.env.FNF_FAULT_HARSHNESS ?? 1);
/** The CLI's --timeout for each run. */
const RUN_TIMEOUT_S = 40;
/** What a run may take beyond --timeout: --timeout bounds the start too, so only the time to exit. */
const OVERRUN_MS = 5_000;

const quickFlow = (name: string, waitSeconds: number) => `Type: StateMachine
SpecVersion: v1
Name: ${name}
StartAt: first
States:
  - Type: Pass
    Name: first
    Next: pause
  - Type: Wait
    Name: pause
    Seconds: ${waitSeconds}
    Next: last
  - Type: Pass
    Name: last
    End: true
`;

let ep: Endpoint;
let pop: PopClient;

beforeAll(async () => {
  ep = await startEndpoint({ timeScale: 10 });
  pop = ep.popClient();
});
afterAll(async () => {
  await ep?.stop();
});

async function createFlow(name: string, waitSeconds = 0): Promise<void> {
  await pop.request('CreateFlow', { Name: name, Definition: quickFlow(name, waitSeconds), Type: 'FDL' }, { method: 'POST' });
}

async function executionsOf(flow: string): Promise<Array<{ Name: string; Status: string }>> {
  const all: Array<{ Name: string; Status: string }> = [];
  let token: string | undefined;
  do {
    const page = await pop.request('ListExecutions', { FlowName: flow, Limit: 100, ...(token ? { NextToken: token } : {}) });
    all.push(...page.Executions);
    token = page.NextToken;
  } while (token);
  return all;
}

function startVia(proxy: FaultProxy, flow: string, name: string | undefined, extra: string[] = []): Promise<CliResult> {
  const args = ['start', flow, ...(name ? ['--name', name] : []), '--wait', '--timeout', `${RUN_TIMEOUT_S}s`, '-o', 'json', ...extra];
  return runCli(args, { env: { ...ep.cliEnv, FNF_ENDPOINT: proxy.endpoint }, timeoutMs: (RUN_TIMEOUT_S + 60) * 1000 });
}

/** Things no run may ever print, whatever went wrong. */
function expectNoCrash(res: CliResult): void {
  expect(res.signal).toBeNull();
  expect(res.code).not.toBe(70);
  expect(res.stderr).not.toMatch(/internal error|\n\s+at .+\(.+:\d+:\d+\)|TypeError|RangeError|SyntaxError/);
}

describe('the subtle case: StartExecution carried out, its answer lost, the execution already over', () => {
  for (const named of [true, false]) {
    it(`follows its own execution instead of failing (${named ? 'with' : 'without'} --name)`, async () => {
      const flow = named ? 'lost_named' : 'lost_generated';
      await createFlow(flow);
      // The reset comes 300 ms after the server answered: the Pass-only flow has ended by then.
      const proxy = await startFaultProxy({
        target: ep.endpoint,
        lostAfterMs: 300,
        decide: (req) => (req.action === 'StartExecution' && req.index === 0 ? 'lost' : 'pass'),
      });
      try {
        const res = await startVia(proxy, flow, named ? 'mine_1' : undefined, ['--verbose']);
        expectNoCrash(res);
        expect(res.code).toBe(0);
        const starts = proxy.requests.filter((r) => r.action === 'StartExecution');
        expect(starts.map((r) => r.decision)).toEqual(['lost', 'pass']);
        // Same name on the retry: the CLI made it once, before the first attempt.
        expect(starts[1]!.params.ExecutionName).toBe(starts[0]!.params.ExecutionName);
        expect(starts[1]!.status).toBe(400);
        expect(res.stderr).toMatch(/already exists after a lost answer/);
        const executions = await executionsOf(flow);
        expect(executions).toHaveLength(1);
        expect(JSON.parse(res.stdout)).toMatchObject({ Name: executions[0]!.Name, Status: 'Succeeded' });
      } finally {
        await proxy.close();
      }
    });
  }
});

describe('retries never outlast the command', () => {
  it('the retries of one call span 3.1-6.2 s whatever the jitter: long enough to ride out a restart', () => {
    const span = (r: number) => [1, 2, 3, 4, 5].reduce((sum, n) => sum + backoffMs({ ...DEFAULT_RETRY, random: () => r }, n), 0);
    expect(span(0)).toBeGreaterThanOrEqual(3000);
    expect(span(0.999999)).toBeLessThanOrEqual(6200);
  });


  it('exits 6 with one line when every answer is a 503, and nothing crashes', async () => {
    await createFlow('always_503');
    const proxy = await startFaultProxy({ target: ep.endpoint, decide: () => 'unavailable503' });
    try {
      const res = await startVia(proxy, 'always_503', 'never_1');
      expectNoCrash(res);
      expect(res.code).toBe(6);
      expect(res.stderr).toMatch(/^fnf: ServiceUnavailable: .*\(6 attempts\)$/m);
      expect(proxy.requests.filter((r) => r.action === 'StartExecution')).toHaveLength(6);
    } finally {
      await proxy.close();
    }
  });

  it('--timeout also bounds a StartExecution whose answers keep arriving too late (exit 124)', async () => {
    await createFlow('held_start');
    const proxy = await startFaultProxy({ target: ep.endpoint, decide: () => 'delayed' });
    try {
      const res = await runCli(['start', 'held_start', '--name', 'held_1', '--wait', '--timeout', '3s'], {
        env: { ...ep.cliEnv, FNF_ENDPOINT: proxy.endpoint },
        timeoutMs: 90_000,
      });
      expectNoCrash(res);
      expect(res.code).toBe(124);
      expect(res.ms).toBeLessThan(3000 + 4000);
      expect(res.stderr).toContain('fnf wait held_start held_1');
    } finally {
      await proxy.close();
    }
  });
});

describe(`${RUNS} runs of fnf start --wait under a seeded mix of faults (seed ${SEED})`, () => {
  it('each starts exactly one execution and exits 0 or 6, with no crash and no hang', async () => {
    const flows = Array.from({ length: RUNS }, (_, i) => `mix_${i}`);
    await Promise.all(flows.map((f, i) => createFlow(f, i % 2)));
    const proxy = await startFaultProxy({
      target: ep.endpoint,
      seed: SEED,
      rates: Object.fromEntries(Object.entries({ unavailable503: 0.04, internal500: 0.04, throttled429: 0.04, html502: 0.04, reset: 0.04, lost: 0.05, delayed: 0.02 })
        .map(([kind, rate]) => [kind, rate * HARSHNESS])),
      // Each held answer costs its run a whole request timeout (10 s).
      caps: { delayed: Math.max(2, Math.round(RUNS / 10)) },
    });
    const results: Array<{ flow: string; named: boolean; res: CliResult }> = [];
    try {
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < RUNS; i = next++) {
          const named = i % 2 === 0;
          results.push({ flow: flows[i]!, named, res: await startVia(proxy, flows[i]!, named ? `run_${i}` : undefined) });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      await proxy.close();
    }

    const counts = proxy.counts();
    let duplicates = 0;
    let hangs = 0;
    let crashes = 0;
    const exitCodes: Record<string, number> = {};
    for (const { flow, named, res } of results) {
      exitCodes[String(res.code)] = (exitCodes[String(res.code)] ?? 0) + 1;
      if (res.ms > RUN_TIMEOUT_S * 1000 + OVERRUN_MS) hangs++;
      if (res.signal || res.code === 70 || /internal error|\n\s+at /.test(res.stderr)) crashes++;
      const executions = await executionsOf(flow);
      if (executions.length > 1) duplicates++;
      expectNoCrash(res);
      expect([0, 6], `${flow}: exit ${res.code}\n${res.stderr}`).toContain(res.code);
      expect(res.ms).toBeLessThan(RUN_TIMEOUT_S * 1000 + OVERRUN_MS);
      expect(executions.length, `${flow}: ${executions.map((e) => e.Name).join(', ')}`).toBeLessThanOrEqual(1);
      if (res.code === 0) {
        expect(executions).toHaveLength(1);
        expect(JSON.parse(res.stdout)).toMatchObject({ Name: executions[0]!.Name, Status: 'Succeeded' });
        if (named) expect(executions[0]!.Name).toBe(`run_${flows.indexOf(flow)}`);
      } else {
        expect(res.stderr).toMatch(/^fnf: .+/m);
      }
    }
    const lostStarts = proxy.requests.filter((r: ProxiedRequest) => r.action === 'StartExecution' && (r.decision === 'lost' || r.decision === 'delayed'));
    const slowest = Math.max(...results.map((r) => r.res.ms));
    console.log(
      `fault runs: ${results.length} runs, ${proxy.requests.length} requests, seed ${SEED}, harshness ${HARSHNESS}; faults ${JSON.stringify(counts)}; ` +
        `StartExecution answers lost/held: ${lostStarts.length}; exit codes ${JSON.stringify(exitCodes)}; ` +
        `duplicate starts ${duplicates}, hangs ${hangs}, crashes ${crashes}; slowest run ${slowest} ms`,
    );
    expect(results).toHaveLength(RUNS);
    // The mix really was a mix: every kind of fault happened at least once.
    for (const kind of ['unavailable503', 'internal500', 'throttled429', 'html502', 'reset', 'lost'] as const) {
      expect(counts[kind], kind).toBeGreaterThan(0);
    }
  }, Math.max(240_000, RUNS * 3_000));
});
