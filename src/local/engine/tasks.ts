// What a Task step does locally: FC:InvokeFunction runs `<function>.mjs`
// from the functions directory the way Function Compute calls a Node.js
// handler; HTTP:Request makes the request with fetch. Failures come back as
// TaskError (Error and Cause), which Retry and Catch match.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskRequest } from '../flow/program.js';

export class TaskError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Handler = (event: Buffer, context: FcContext, callback?: (err: unknown, result?: unknown) => void) => unknown;

interface FcContext {
  requestId: string;
  function: { name: string; handler: string };
  service: { name: string };
  credentials: Record<string, never>;
  logger: Record<'debug' | 'info' | 'warn' | 'error' | 'log', (...args: unknown[]) => void>;
}

const silent = () => undefined;

/** `acs:fc:::services/svc.LATEST/functions/resize` → `resize` (the last functions/ segment). */
export function functionNameOf(resourceArn: string | undefined): string | undefined {
  const matches = [...(resourceArn ?? '').matchAll(/functions\/([^/]+)/g)];
  return matches.at(-1)?.[1];
}

export class TaskRunner {
  private readonly modules = new Map<string, Promise<Record<string, unknown>>>();

  constructor(private readonly functionsDir?: string) {}

  /** The module file of an FC task's function, if there is one. */
  functionFile(req: TaskRequest): string | undefined {
    const name = functionNameOf(req.resourceArn);
    if (!this.functionsDir || !name || !/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
    const file = join(this.functionsDir, `${name}.mjs`);
    try {
      return statSync(file).isFile() ? file : undefined;
    } catch {
      return undefined;
    }
  }

  /** True when the action can run here (a callback task without one just waits for its report). */
  canRun(req: TaskRequest): boolean {
    return req.action === 'HTTP:Request' || (req.action === 'FC:InvokeFunction' && this.functionFile(req) !== undefined);
  }

  async run(req: TaskRequest, signal: AbortSignal): Promise<unknown> {
    if (req.action === 'FC:InvokeFunction') return this.invoke(req);
    if (req.action === 'HTTP:Request') return this.request(req, signal);
    throw new TaskError('FnF.ActionNotSupported', `the local endpoint cannot run Action ${req.action}; use TaskMode WaitForCustomCallback and report the task`);
  }

  private async invoke(req: TaskRequest): Promise<unknown> {
    const name = functionNameOf(req.resourceArn);
    const file = this.functionFile(req);
    if (!file) {
      const where = this.functionsDir ? `${join(this.functionsDir, `${name ?? '?'}.mjs`)}` : 'no functions directory is configured';
      throw new TaskError('FC.FunctionNotFound', `function ${name ?? `(none in resourceArn ${String(req.resourceArn)})`} not found: ${where}`);
    }
    const handler = (await this.load(file)).handler;
    if (typeof handler !== 'function') throw new TaskError('FC.HandlerNotFound', `${file} does not export a handler function`);
    const event = Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {}));
    const context: FcContext = {
      requestId: randomUUID(),
      function: { name: name!, handler: 'index.handler' },
      service: { name: /services\/([^/.]+)/.exec(req.resourceArn ?? '')?.[1] ?? 'local' },
      credentials: {},
      logger: { debug: silent, info: silent, warn: silent, error: silent, log: silent },
    };
    const call = handler as Handler;
    if (req.invocationType === 'Async') {
      void callHandler(call, event, context).catch(silent);
      return {};
    }
    return resultOf(await callHandler(call, event, context));
  }

  private load(file: string): Promise<Record<string, unknown>> {
    // Keyed by mtime so an edited handler is picked up without a restart.
    const url = `${pathToFileURL(file).href}?v=${statSync(file).mtimeMs}`;
    let mod = this.modules.get(url);
    if (!mod) {
      mod = import(url) as Promise<Record<string, unknown>>;
      this.modules.set(url, mod);
    }
    return mod;
  }

  private async request(req: TaskRequest, signal: AbortSignal): Promise<unknown> {
    const p = req.parameters;
    if (typeof p.url !== 'string') throw new TaskError('FnF.InvalidArgument', 'HTTP:Request needs Parameters.url');
    const method = typeof p.method === 'string' ? p.method.toUpperCase() : 'GET';
    const headers = (p.headers ?? {}) as Record<string, string>;
    const body = p.body === undefined || method === 'GET' ? undefined : typeof p.body === 'string' ? p.body : JSON.stringify(p.body);
    let res: Response;
    try {
      res = await fetch(p.url, { method, headers, body, signal });
    } catch (err) {
      throw new TaskError('HTTP.RequestFailed', `${method} ${p.url}: ${(err as Error).message}`);
    }
    const text = await res.text();
    return { StatusCode: res.status, Headers: Object.fromEntries(res.headers), Body: parseMaybe(text) };
  }
}

async function callHandler(handler: Handler, event: Buffer, context: FcContext): Promise<unknown> {
  try {
    if (handler.length >= 3) {
      return await new Promise((resolve, reject) => {
        handler(event, context, (err, result) => (err ? reject(err) : resolve(result)));
      });
    }
    return await handler(event, context);
  } catch (err) {
    if (err instanceof Error) throw new TaskError(err.name, err.message);
    throw new TaskError('Error', typeof err === 'string' ? err : JSON.stringify(err));
  }
}

function resultOf(value: unknown): unknown {
  if (value === undefined || value === null) return {};
  if (Buffer.isBuffer(value)) return parseMaybe(value.toString('utf8'));
  if (typeof value === 'string') return parseMaybe(value);
  return value;
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
