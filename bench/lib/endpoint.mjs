// Spawns the built `fnf local serve` on a free port with the given flows and
// hands back what a bench needs: the endpoint, the environment that points
// the CLI at it, pop-core clients, the server's memory and CPU, and ways to
// stop it. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
// passes node options to every server a bench starts (to profile it).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isolatedEnv, onExit, scratchDir } from './cli.mjs';
import { cpuMs, statusKb } from './proc.mjs';

const require = createRequire(import.meta.url);
const { RPCClient } = require('@alicloud/pop-core');

export const KEY_ID = 'LTAIbenchRun00000001';
export const KEY_SECRET = 'bench-run-secret-0123456789abcdef';

/** A CloudFlow state machine named `name` from its States list (YAML, indented by two). */
export function stateMachine(name, states) {
  return `Type: StateMachine\nSpecVersion: v1\nName: ${name}\nStartAt: ${/Name: (\S+)/.exec(states)[1]}\nStates:\n${states}`;
}

const PASS = '  - Type: Pass\n    Name: done\n    End: true\n';
const WAIT_FOR_INPUT = '  - Type: Wait\n    Name: pause\n    Seconds.$: $Input.seconds\n';

/** The endpoint benches' flows: `pass_flow` (one Pass) and `wait_flow` (a Wait of `$Input.seconds`, then a Pass). */
export const ENDPOINT_FLOWS = {
  pass_flow: stateMachine('pass_flow', PASS),
  wait_flow: stateMachine('wait_flow', `${WAIT_FOR_INPUT}    Next: done\n${PASS}`),
};

/** The live-view benches' flow: `wait_flow`, one Wait of `$Input.seconds` (the view shows `pause  Wait`). */
export const LIVE_FLOWS = { wait_flow: stateMachine('wait_flow', `${WAIT_FOR_INPUT}    End: true\n`) };

/** An environment that points the CLI at `endpoint` with the bench's key pair. */
export function cliEnvFor(endpoint) {
  return isolatedEnv({
    FNF_ENDPOINT: endpoint,
    FNF_REGION: 'cn-hangzhou',
    ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY_SECRET,
  });
}

export function popClient(endpoint) {
  return new RPCClient({ endpoint, apiVersion: '2019-03-15', accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, opts: { timeout: 70_000 } });
}

/**
 * `flows`: {name: definition}. `timeScale`, `rateLimits` (default false: the
 * service's token buckets are on only when asked for), `dataDir` (default: a
 * fresh one; pass an earlier server's to restart on its data).
 */
export async function startEndpoint(bin, { flows = {}, timeScale = 1, rateLimits = false, dataDir } = {}) {
  const work = scratchDir('endpoint');
  const flowsDir = join(work, 'flows');
  mkdirSync(flowsDir);
  for (const [name, definition] of Object.entries(flows)) writeFileSync(join(flowsDir, `${name}.yaml`), definition);
  const data = dataDir ?? join(work, 'data');
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, bin, 'local', 'serve', '--port', '0', '--json', '--data', data, '--flows', flowsDir,
    '--access-key-id', KEY_ID, '--access-key-secret', KEY_SECRET, '--time-scale', String(timeScale)];
  if (!rateLimits) args.push('--no-rate-limits');
  const started = Date.now();
  const child = spawn(process.execPath, args, { env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fnf local serve exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
  const readyMs = Date.now() - started;
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  onExit(() => child.kill('SIGKILL'));
  const stopWith = (signal) => () => {
    child.kill(signal);
    return stopped;
  };
  return {
    endpoint: ready.endpoint,
    pid: child.pid,
    dataDir: data,
    /** ms from spawn to the server's `--json` line. */
    readyMs,
    cliEnv: () => cliEnvFor(ready.endpoint),
    client: () => popClient(ready.endpoint),
    rssMiB: () => statusKb(child.pid, 'VmRSS') / 1024,
    cpuMs: () => cpuMs(child.pid),
    stop: stopWith('SIGTERM'),
    kill9: stopWith('SIGKILL'),
  };
}
