// `kill -9` of the local endpoint at seeded random moments while clients
// start, describe and stop executions and create flows; then a restart on
// the same data dir. Whatever was acknowledged survives, running executions
// finish, every file in the data dir parses, and a `fnf wait` that was
// following reconnects and ends with the execution's exit code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEndpoint, writeFlowsDir, type Endpoint, type PopClient } from '../helpers/endpoint.js';
import { seededRandom } from '../helpers/fault-proxy.js';
import { spawnCli, waitFor, type RunningCli } from './spawn.js';
import { cliEnv } from '../helpers/cli.js';
import { PASS_FLOW, WAIT_FLOW } from '../helpers/flows.js';

const SEED = Number(process.env.FNF_CRASH_SEED ?? 7);
const ROUNDS = 3;
const TIME_SCALE = 20;

const post = { method: 'POST' };
const END = new Set(['Succeeded', 'Failed', 'Stopped', 'TimedOut']);

let ep: Endpoint | undefined;
afterAll(async () => {
  await ep?.stop();
});

/** Every file under dir: JSON files must parse; logs are JSON lines and may only lack a torn last line. */
function scanDataDir(dir: string): { files: number; bad: string[]; tornTails: number; leftovers: string[] } {
  const out = { files: 0, bad: [] as string[], tornTails: 0, leftovers: [] as string[] };
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      out.files++;
      const text = readFileSync(path, 'utf8');
      if (name.endsWith('.tmp')) out.leftovers.push(path);
      else if (name.endsWith('.json')) {
        try {
          JSON.parse(text);
        } catch {
          out.bad.push(path);
        }
      } else if (name.endsWith('.log')) {
        const lines = text.split('\n');
        const tail = lines.pop();
        if (tail) out.tornTails++;
        for (const line of lines) {
          try {
            JSON.parse(line);
          } catch {
            out.bad.push(`${path}: ${line.slice(0, 60)}`);
          }
        }
      }
    }
  };
  walk(dir);
  return out;
}

interface Acknowledged {
  started: Map<string, string>; // name → flow
  stopped: Set<string>;
  /** Stops sent: one whose answer the kill cut off may or may not have been applied. */
  stopsSent: Set<string>;
  flows: Set<string>;
  ops: Record<string, number>;
  failed: number;
}

/** Clients that keep the endpoint busy until `running()` turns false; only 200 answers count as acknowledged. */
async function load(client: PopClient, random: () => number, ack: Acknowledged, round: number, running: () => boolean): Promise<void> {
  let n = 0;
  const worker = async (w: number) => {
    while (running()) {
      const roll = random();
      const id = `r${round}_w${w}_${n++}`;
      try {
        if (roll < 0.45) {
          const waiting = roll < 0.3;
          const flow = waiting ? 'wait_flow' : 'pass_flow';
          // 20-60 s of Wait at time scale 20: 1-3 s, so some are running at each kill.
          const input = waiting ? JSON.stringify({ seconds: 20 + Math.floor(random() * 40) }) : '{}';
          ack.ops.start = (ack.ops.start ?? 0) + 1;
          await client.request('StartExecution', { FlowName: flow, ExecutionName: id, Input: input }, post);
          ack.started.set(id, flow);
        } else if (roll < 0.65) {
          const names = [...ack.started.keys()];
          const name = names[Math.floor(random() * names.length)];
          if (!name) continue;
          ack.ops.describe = (ack.ops.describe ?? 0) + 1;
          await client.request('DescribeExecution', { FlowName: ack.started.get(name)!, ExecutionName: name });
        } else if (roll < 0.85) {
          const candidates = [...ack.started].filter(([name, flow]) => flow === 'wait_flow' && !name.startsWith('follow_') && !ack.stopsSent.has(name));
          const pick = candidates[Math.floor(random() * candidates.length)];
          if (!pick) continue;
          ack.ops.stop = (ack.ops.stop ?? 0) + 1;
          ack.stopsSent.add(pick[0]);
          await client.request('StopExecution', { FlowName: pick[1], ExecutionName: pick[0], Error: 'Crash.Test' }, post);
          ack.stopped.add(pick[0]);
        } else {
          ack.ops.createFlow = (ack.ops.createFlow ?? 0) + 1;
          await client.request('CreateFlow', { Name: `flow_${id}`, Definition: PASS_FLOW.replace('pass_flow', `flow_${id}`), Type: 'FDL' }, post);
          ack.flows.add(`flow_${id}`);
        }
      } catch {
        ack.failed++; // refused, reset, ExecutionAlreadyCompleted…: not acknowledged, so nothing is promised
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
}

async function statusOf(client: PopClient, flow: string, name: string): Promise<string> {
  return (await client.request('DescribeExecution', { FlowName: flow, ExecutionName: name })).Status as string;
}

describe(`kill -9 under load, ${ROUNDS} rounds (seed ${SEED})`, () => {
  it('loses nothing acknowledged, finishes what ran, leaves no torn file, and a following fnf wait reconnects', async () => {
    ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'pass.yaml': PASS_FLOW, 'wait.yaml': WAIT_FLOW }), timeScale: TIME_SCALE });
    const random = seededRandom(SEED);
    const ack: Acknowledged = { started: new Map(), stopped: new Set(), stopsSent: new Set(), flows: new Set(), ops: {}, failed: 0 };
    const followers: Array<{ name: string; cli: RunningCli }> = [];
    let tornAtKill = 0;
    let leftoversAtKill = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const client = ep.popClient();
      // One execution a `fnf wait` follows across the crash: 80 s of Wait at scale 20 = 4 s.
      const followed = `follow_${round}`;
      await client.request('StartExecution', { FlowName: 'wait_flow', ExecutionName: followed, Input: '{"seconds": 80}' }, post);
      ack.started.set(followed, 'wait_flow');
      const cli = spawnCli(['wait', 'wait_flow', followed, '--timeout', '60s'], cliEnv(ep.cliEnv), 90_000);
      followers.push({ name: followed, cli });
      await waitFor(() => cli.stderr().includes('pause'), `fnf wait ${followed} to be watching`);

      let running = true;
      const busy = load(client, random, ack, round, () => running);
      await new Promise((r) => setTimeout(r, 150 + random() * 450));
      await ep.kill9();
      running = false;
      await busy;
      // As kill -9 left it: a log may end in a torn line (never acknowledged), but nothing else may be half-written.
      const raw = scanDataDir(ep.dataDir);
      expect(raw.bad, 'files torn by kill -9').toEqual([]);
      tornAtKill += raw.tornTails;
      leftoversAtKill += raw.leftovers.length;
      await ep.restart();

      const after = ep.popClient();
      const missing: string[] = [];
      for (const [name, flow] of ack.started) await statusOf(after, flow, name).catch(() => missing.push(name));
      expect(missing, 'acknowledged executions lost by kill -9').toEqual([]);
      for (const name of ack.stopped) expect(await statusOf(after, 'wait_flow', name), name).toBe('Stopped');
      for (const flow of ack.flows) expect((await after.request('DescribeFlow', { Name: flow })).Name).toBe(flow);
    }

    // Every acknowledged execution exists; every one not stopped runs to Succeeded after the restarts.
    const client = ep.popClient();
    await waitFor(async () => {
      for (const [name, flow] of ack.started) if (!END.has(await statusOf(client, flow, name))) return false;
      return true;
    }, 'every execution to end', 20_000);
    for (const [name, flow] of ack.started) {
      const status = await statusOf(client, flow, name);
      if (ack.stopped.has(name)) expect(status, name).toBe('Stopped');
      else if (ack.stopsSent.has(name)) expect(['Stopped', 'Succeeded'], name).toContain(status);
      else expect(status, name).toBe('Succeeded');
    }

    const results = await Promise.all(followers.map(async (f) => ({ name: f.name, res: await f.cli.done })));
    for (const { name, res } of results) {
      expect(res.code, `${name}: ${res.stderr}`).toBe(0);
      expect(res.stderr).not.toMatch(/internal error|\n\s+at /);
    }

    const scan = scanDataDir(ep.dataDir);
    console.log(
      `crash rounds: ${ROUNDS} kill -9s; ops ${JSON.stringify(ack.ops)}, ${ack.failed} unacknowledged; ` +
        `acknowledged ${ack.started.size} starts, ${ack.stopped.size} stops, ${ack.flows.size} flows; all present; ` +
        `right after the kills: ${tornAtKill} torn log tails, ${leftoversAtKill} .tmp files; after restart: ${scan.files} files, ${scan.bad.length} unparsable, ${scan.tornTails} torn log tails, ${scan.leftovers.length} .tmp leftovers; ` +
        `fnf wait across restarts: exits ${results.map((r) => r.res.code).join(',')}`,
    );
    expect(scan.bad).toEqual([]);
    expect(ack.started.size).toBeGreaterThan(ROUNDS * 3);
  }, 90_000);
});
