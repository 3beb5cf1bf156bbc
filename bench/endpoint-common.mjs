// Shared by the endpoint benchmarks: spawn the built `fnf local serve` on a
// free port with a fresh data dir and flows, and make pop-core clients for it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { RPCClient } = require('@alicloud/pop-core');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY_ID = 'LTAIbenchLocal000001';
const KEY_SECRET = 'bench-secret-0123456789';

export const PASS_FLOW = 'Type: StateMachine\nSpecVersion: v1\nName: pass_flow\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n';
export const WAIT_FLOW = 'Type: StateMachine\nSpecVersion: v1\nName: wait_flow\nStartAt: pause\nStates:\n  - Type: Wait\n    Name: pause\n    Seconds.$: $Input.seconds\n    Next: done\n  - Type: Pass\n    Name: done\n    End: true\n';

/** Starts a server; resolves when its JSON line is out. `args` are extra `local serve` options. */
export async function startServer({ args = [], dataDir } = {}) {
  const flows = mkdtempSync(join(tmpdir(), 'fnf-bench-flows-'));
  writeFileSync(join(flows, 'pass.yaml'), PASS_FLOW);
  writeFileSync(join(flows, 'wait.yaml'), WAIT_FLOW);
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'fnf-bench-data-'));
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin', 'fnf.js'), 'local', 'serve', '--port', '0', '--json',
    '--data', data, '--flows', flows, '--access-key-id', KEY_ID, '--access-key-secret', KEY_SECRET, ...args],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = Date.now();
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    child.on('exit', (code) => reject(new Error(`fnf local serve exited with ${code}`)));
  });
  return {
    child,
    dataDir: data,
    endpoint: ready.endpoint,
    readyMs: Date.now() - started,
    client: () => new RPCClient({ endpoint: ready.endpoint, apiVersion: '2019-03-15', accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, opts: { timeout: 70_000 } }),
    /** Resident set size of the server process, in MiB (Linux /proc). */
    rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
    /** CPU time (user + system) the server process used so far, in ms (Linux /proc). */
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
    kill9: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    }),
  };
}

export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : undefined;
}

/** Runs `task(i)` for i in [0, total) with `concurrency` workers; returns the errors by code. */
export async function runPool(total, concurrency, task) {
  let next = 0;
  const errors = {};
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      try {
        await task(i);
      } catch (err) {
        errors[err.code ?? err.message] = (errors[err.code ?? err.message] ?? 0) + 1;
      }
    }
  }));
  return errors;
}
