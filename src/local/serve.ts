// `fnf local serve`: keys, data dir, flows, restore, listen, then run until
// SIGINT/SIGTERM and close cleanly (long polls answered, writes flushed,
// engine stopped).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { registerSecret } from '../redact.js';
import type { Ctx } from '../context.js';
import { UsageError, whyUnreadable, whyUnwritable } from '../errors.js';
import { LOCAL_DEFAULT_ENDPOINT, localDataDir } from '../paths.js';
import { ensurePrivateDir, loadOrCreateKeys, type LoadedKeys } from './keys.js';
import { lockDataDir } from './lock.js';
import { claimFlowName, FLOW_FILE } from '../input/flow-set.js';
import { Authenticator } from './protocol.js';
import { serviceRateLimiter, unlimited } from './ratelimit.js';
import { createRpcServer } from './server.js';
import { LocalService } from './service.js';
import { Store } from './store.js';
import { FlowDefinitionError } from './types.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  flowsDir?: string;
  functionsDir?: string;
  /** YAML/JSON answers for Task states, in the format of fnf test's mocks (engine/mocks.ts). */
  mocksFile?: string;
  timeScale: number;
  accessKeyId?: string;
  accessKeySecret?: string;
  rateLimits: boolean;
  json: boolean;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Loads every YAML/JSON file of the directory as a flow; the first bad one stops start-up with `file:line: what`. */
function loadFlowFiles(service: LocalService, dir: string, cwd: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => FLOW_FILE.test(f)).sort();
  } catch (err) {
    throw new UsageError(`cannot read the flows directory ${dir}: ${whyUnreadable(err)}`);
  }
  const origin = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    const shown = relative(cwd, path) || path;
    const definition = readFileSync(path, 'utf8');
    let compiled;
    try {
      compiled = service.compile(definition, file);
    } catch (err) {
      if (!(err instanceof FlowDefinitionError)) throw new UsageError(`${shown}: ${(err as Error).message}`);
      const place = err.line !== undefined ? `${shown}:${err.line}` : shown;
      throw new UsageError(`${place}: ${err.path ? `${err.path}: ` : ''}${err.message}`);
    }
    const problem = claimFlowName(compiled.name, shown, origin);
    if (problem) throw new UsageError(`${shown}: ${problem}`);
    service.flows.putFileFlow(compiled.name, definition, compiled, statSync(path).mtimeMs);
  }
  return [...origin.keys()];
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        fail(new UsageError(`port ${port} on ${host} is already in use: stop the other server or pick another --port (0 picks a free one)`));
      } else {
        fail(new UsageError(`cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
      }
    });
    server.listen(port, host, () => done((server.address() as AddressInfo).port));
  });
}

function untilSignal(ctx: Ctx): Promise<void> {
  return new Promise((done) => {
    const offs = [ctx.onSignal('SIGINT', stop), ctx.onSignal('SIGTERM', stop)];
    function stop() {
      for (const off of offs) off();
      done();
    }
  });
}

async function shutdown(server: Server, service: LocalService): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  await service.close();
  // Long polls just got their answers; let them go out before dropping idle keep-alive connections.
  setImmediate(() => server.closeIdleConnections());
  setTimeout(() => server.closeAllConnections(), 2000).unref();
  await closed;
}

/** The built-in `local` profile knows only the default address and the key file of the default data dir. */
function howToConnect(ready: Ready, ctx: Ctx): string {
  const profileFits = ready.endpoint === LOCAL_DEFAULT_ENDPOINT && ready.keys.file !== undefined
    && ready.dataDir === localDataDir(ctx.env, ctx.home);
  return profileFits
    ? 'Point the CLI at it with --profile local.'
    : `Point the CLI at it with FNF_ENDPOINT=${ready.endpoint} and this key pair (ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET).`;
}

function keyPairLine(keys: LoadedKeys): string {
  if (!keys.file) return 'from the command line';
  return keys.created ? `created in ${keys.file}` : `in ${keys.file}`;
}

interface Ready {
  endpoint: string;
  dataDir: string;
  keys: LoadedKeys;
  fileFlows: string[];
  restored: { resumed: number; total: number };
}

function printReady(opts: ServeOptions, ctx: Ctx, service: LocalService, ready: Ready): void {
  const { stderr, stdout } = ctx.io;
  const flows = service.flows.names();
  if (opts.json) {
    stdout.write(`${JSON.stringify({ endpoint: ready.endpoint, dataDir: ready.dataDir, flows })}\n`);
    if (ready.keys.created) stderr.write(`fnf local: key pair ${keyPairLine(ready.keys)}\n`);
    return;
  }
  stderr.write(
    `fnf local endpoint listening on ${ready.endpoint}\n` +
      `  data dir    ${ready.dataDir}\n` +
      `  key pair    ${keyPairLine(ready.keys)}\n` +
      `  flows       ${flows.length ? flows.join(', ') : '(none yet: --flows DIR or CreateFlow)'}` +
      `${ready.fileFlows.length ? ` (${ready.fileFlows.length} from ${opts.flowsDir})` : ''}\n` +
      `  executions  ${ready.restored.total} restored, ${ready.restored.resumed} resumed` +
      `${opts.timeScale !== 1 ? `; time runs ${opts.timeScale}x` : ''}${opts.rateLimits ? '' : '; no rate limits'}\n` +
      `${howToConnect(ready, ctx)} Ctrl-C stops it.\n`,
  );
}

export async function runServe(opts: ServeOptions, ctx: Ctx): Promise<void> {
  const dataDir = resolve(ctx.cwd, opts.dataDir ?? localDataDir(ctx.env, ctx.home));
  try {
    ensurePrivateDir(dataDir);
  } catch (err) {
    throw new UsageError(`cannot use ${dataDir} as the data directory: ${whyUnwritable(err)}`);
  }
  const unlock = lockDataDir(dataDir, process.pid);
  try {
    await serveFrom(dataDir, opts, ctx);
  } finally {
    unlock();
  }
  ctx.exitCode = 0;
}

async function serveFrom(dataDir: string, opts: ServeOptions, ctx: Ctx): Promise<void> {
  const { stderr } = ctx.io;
  const keys = loadOrCreateKeys(dataDir, opts);
  registerSecret(keys.accessKeySecret);
  if (!isLoopback(opts.host) && keys.file) {
    stderr.write(`fnf local: warning: listening on ${opts.host} with the key pair ${keyPairLine(keys)}; anyone who can reach the port and read that file can run flows. Pass --access-key-id and --access-key-secret to choose a pair.\n`);
  }

  const { createEngine } = await import('./engine/index.js');
  const { TaskRunner } = await import('./engine/tasks.js');
  const { loadMocks, MockedTasks } = await import('./engine/mocks.js');
  const functionsDir = opts.functionsDir ? resolve(ctx.cwd, opts.functionsDir) : undefined;
  const mocks = opts.mocksFile ? await loadMocks(resolve(ctx.cwd, opts.mocksFile)) : undefined;
  const service = new LocalService({
    store: new Store(dataDir),
    timeScale: opts.timeScale,
    now: ctx.clock.now,
    createEngine: (host) => {
      const tasks = new TaskRunner(functionsDir, host.children);
      return createEngine({ host, tasks: mocks ? new MockedTasks(mocks, tasks, { timeScale: host.timeScale }) : tasks });
    },
    log: (line) => void stderr.write(`fnf local: ${line}\n`),
  });
  const server = createRpcServer({
    service,
    auth: new Authenticator(keys, ctx.clock.now),
    limiter: opts.rateLimits ? serviceRateLimiter(ctx.clock.now) : unlimited,
    log: (line) => void stderr.write(`fnf local: ${line}\n`),
  });

  // Subscribed before the ready line: whoever waits for that line may signal at once.
  const stopRequested = untilSignal(ctx);
  let ready: Ready;
  try {
    const fileFlows = opts.flowsDir ? loadFlowFiles(service, resolve(ctx.cwd, opts.flowsDir), ctx.cwd) : [];
    const port = await listen(server, opts.host, opts.port);
    // Synchronous up to the first answer, so no request sees a half-restored store.
    const restored = service.restore();
    ready = { endpoint: `http://${urlHost(opts.host)}:${port}`, dataDir, keys, fileFlows, restored };
  } catch (err) {
    await service.close();
    throw err;
  }
  printReady(opts, ctx, service, ready);
  await stopRequested;
  await shutdown(server, service);
}
