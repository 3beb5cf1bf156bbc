// Spawns the built `fnf local serve` on 127.0.0.1 (a free port) with a fixed
// test key pair and a fresh data dir, and hands back what tests need to talk
// to it: its endpoint, an env for runCli, and a real pop-core client.
// Needs the build (`npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FNF_BIN, ROOT, emptyHome } from './cli.js';

export const TEST_ACCESS_KEY_ID = 'LTAI5tLocalTestKey01';
export const TEST_ACCESS_KEY_SECRET = 'local-test-secret-0123456789abcdef';

export interface EndpointOptions {
  flowsDir?: string;
  functionsDir?: string;
  timeScale?: number;
  /** Token-bucket rate limits of the service (default false in tests). */
  rateLimits?: boolean;
  /** Reuse a data dir (default: a new temporary one). */
  dataDir?: string;
  /** Extra arguments for `fnf local serve`. */
  args?: string[];
  /** The fnf executable to run (default: the build in this checkout, FNF_BIN). */
  bin?: string;
}

/** The subset of pop-core's RPCClient that tests use. */
export interface PopClient {
  request(action: string, params?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<any>;
}

export interface Endpoint {
  endpoint: string;
  port: number;
  dataDir: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Names of the flows the server knew at its last start (from flowsDir and the data dir). */
  flows: string[];
  /** Environment for runCli() (test/helpers/cli.ts) pointing the CLI at this endpoint. */
  cliEnv: Record<string, string>;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  popClient(opts?: { accessKeyId?: string; accessKeySecret?: string }): PopClient;
  /** SIGTERM, and wait for the process to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, and wait for the process to be gone. */
  kill9(): Promise<void>;
  /** Start again on the same data dir and port (after stop() or kill9()). */
  restart(): Promise<void>;
}

const require = createRequire(import.meta.url);
const RPCClient = require('@alicloud/pop-core').RPCClient as new (config: Record<string, unknown>) => PopClient;

interface Ready {
  endpoint: string;
  dataDir: string;
  flows: string[];
}

function serveArgs(opts: EndpointOptions, dataDir: string, port: number): string[] {
  const args = ['local', 'serve', '--json', '--port', String(port), '--data', dataDir,
    '--access-key-id', TEST_ACCESS_KEY_ID, '--access-key-secret', TEST_ACCESS_KEY_SECRET];
  if (opts.flowsDir) args.push('--flows', opts.flowsDir);
  if (opts.functionsDir) args.push('--functions', opts.functionsDir);
  if (opts.timeScale !== undefined) args.push('--time-scale', String(opts.timeScale));
  if (!opts.rateLimits) args.push('--no-rate-limits');
  return [...args, ...(opts.args ?? [])];
}

function spawnServer(bin: string, args: string[], onStderr: (s: string) => void): Promise<{ child: ChildProcess; ready: Ready }> {
  const home = emptyHome();
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8').on('data', onStderr);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fnf local serve did not become ready within 15 s; stderr:\n${stderr}`));
    }, 15_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve({ child, ready: JSON.parse(stdout.slice(0, newline)) as Ready });
      } catch (err) {
        reject(err);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`fnf local serve exited (${code ?? signal}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function startEndpoint(opts: EndpointOptions = {}): Promise<Endpoint> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'fnf-data-'));
  let log = '';
  let { child, ready } = await spawnServer(opts.bin ?? FNF_BIN, serveArgs(opts, dataDir, 0), (s) => (log += s));
  const port = Number(new URL(ready.endpoint).port);

  const ep: Endpoint = {
    endpoint: ready.endpoint,
    port,
    dataDir,
    accessKeyId: TEST_ACCESS_KEY_ID,
    accessKeySecret: TEST_ACCESS_KEY_SECRET,
    flows: ready.flows,
    cliEnv: {
      FNF_ENDPOINT: ready.endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_ACCESS_KEY_SECRET,
      FNF_REGION: 'cn-hangzhou',
    },
    stderr: () => log,
    popClient: (keys = {}) =>
      new RPCClient({
        endpoint: ready.endpoint,
        apiVersion: '2019-03-15',
        accessKeyId: keys.accessKeyId ?? TEST_ACCESS_KEY_ID,
        accessKeySecret: keys.accessKeySecret ?? TEST_ACCESS_KEY_SECRET,
        opts: { timeout: 10_000 },
      }),
    async stop() {
      child.kill('SIGTERM');
      return exited(child);
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null) await ep.stop();
      ({ child, ready } = await spawnServer(opts.bin ?? FNF_BIN, serveArgs(opts, dataDir, port), (s) => (log += s)));
      ep.flows = ready.flows;
    },
  };
  return ep;
}

/** A temporary flows directory holding the given files ({"hello.yaml": "..."}). */
export function writeFlowsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-flows-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
