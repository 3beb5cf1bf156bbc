// Spawns the built `fnf local serve` on a free port with the given flows and
// hands back what a bench needs: the endpoint, the environment that points
// the CLI at it, pop-core clients and a way to stop it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isolatedEnv, onExit, scratchDir } from './cli.mjs';

const require = createRequire(import.meta.url);
const { RPCClient } = require('@alicloud/pop-core');

export const KEY_ID = 'LTAIbenchRun00000001';
export const KEY_SECRET = 'bench-run-secret-0123456789abcdef';

/** A CloudFlow state machine named `name` from its States list (YAML, indented by two). */
export function stateMachine(name, states) {
  return `Type: StateMachine\nSpecVersion: v1\nName: ${name}\nStartAt: ${/Name: (\S+)/.exec(states)[1]}\nStates:\n${states}`;
}

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
 * service's token buckets are on only when asked for).
 */
export async function startEndpoint(bin, { flows = {}, timeScale = 1, rateLimits = false } = {}) {
  const work = scratchDir('endpoint');
  const flowsDir = join(work, 'flows');
  mkdirSync(flowsDir);
  for (const [name, definition] of Object.entries(flows)) writeFileSync(join(flowsDir, `${name}.yaml`), definition);
  const args = [bin, 'local', 'serve', '--port', '0', '--json', '--data', join(work, 'data'), '--flows', flowsDir,
    '--access-key-id', KEY_ID, '--access-key-secret', KEY_SECRET, '--time-scale', String(timeScale)];
  if (!rateLimits) args.push('--no-rate-limits');
  const child = spawn(process.execPath, args, { env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fnf local serve exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  onExit(() => child.kill('SIGKILL'));
  return {
    endpoint: ready.endpoint,
    pid: child.pid,
    cliEnv: () => cliEnvFor(ready.endpoint),
    client: () => popClient(ready.endpoint),
    stop: () => {
      child.kill('SIGTERM');
      return stopped;
    },
  };
}
