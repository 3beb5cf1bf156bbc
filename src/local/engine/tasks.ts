// What a Task step does locally (answers from a mocks file come first, see
// mocks.ts). FC:InvokeFunction runs `<service>/<function>.mjs`, else
// `<function>.mjs`, from the functions directory the way Function Compute calls
// a Node.js handler; HTTP:Request makes the request with fetch; any other
// Action (DashScope, MNS, OSS…) runs `<Service>.<Operation>.mjs` from the same
// directory with the task's Parameters. Failures come back as TaskError (a
// code and a detail), which Retry and Catch match.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACTION_NAME, FUNCTION_REF, type TaskRequest } from '../flow/program.js';
import { ServiceError, type ChildExecutions, type ExecutionRecord } from '../types.js';
import type { TaskCall, TaskExecutor } from './hooks.js';
import { importFile } from '../../import-file.js';

export class TaskError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Handler = (event: unknown, context: object, callback?: (err: unknown, result?: unknown) => void) => unknown;

interface FcContext {
  requestId: string;
  function: { name: string; handler: string };
  service: { name: string };
  credentials: Record<string, never>;
  logger: Record<'debug' | 'info' | 'warn' | 'error' | 'log', (...args: unknown[]) => void>;
}

const silent = () => undefined;

/**
 * The service and function a resourceArn names: `acs:fc:::services/svc.LATEST/functions/resize`,
 * `acs:fc:{region}:{account}:functions/resize/LATEST` (FC 3.0), or `svc/resize` and `svc.LATEST/resize`, which is
 * what a funcraft flow's `!Ref svc/resize` reads as here (`fun deploy` would put the ARN there).
 */
function functionOf(resourceArn: string | undefined): { service?: string; name: string } | undefined {
  const arn = resourceArn ?? '';
  const ref = FUNCTION_REF.exec(arn);
  if (ref) return { service: ref[1], name: ref[2]! };
  const name = [...arn.matchAll(/functions\/([^/]+)/g)].at(-1)?.[1];
  return name ? { service: /services\/([^/.]+)/.exec(arn)?.[1], name } : undefined;
}

/** The function's name alone. */
export function functionNameOf(resourceArn: string | undefined): string | undefined {
  return functionOf(resourceArn)?.name;
}

/**
 * The names a task's function is found by, most specific first: `<service>/<function>` when the resourceArn names a
 * service, then `<function>`. Function Compute 2.0 names a function within its service
 * (https://www.alibabacloud.com/help/en/functioncompute/fc-2-0/developer-reference/api-invokefunction:
 * /services/{serviceName.qualifier}/functions/{functionName}), so two services may each have a `resize`; an FC 3.0
 * ARN has no service (https://www.alibabacloud.com/help/en/functioncompute/fc/developer-reference/api-fc-2023-03-30-struct-function:
 * acs:fc:cn-shanghai:123:functions/functionName). The qualifier plays no part.
 */
export function functionLookupNames(resourceArn: string | undefined): string[] {
  const fn = functionOf(resourceArn);
  if (!fn) return [];
  return fn.service ? [`${fn.service}/${fn.name}`, fn.name] : [fn.name];
}

/** Function Compute's names are letters, digits, `_` and `-`: anything else (a placeholder left in) names no file. */
const FC_NAME = /^[A-Za-z0-9_-]+$/;

/** The modules that may hold a task's function, in the order they are looked for. */
function functionModules(resourceArn: string | undefined): string[] {
  return functionLookupNames(resourceArn)
    .filter((name) => name.split('/').every((part) => FC_NAME.test(part)))
    .map((name) => `${name}.mjs`);
}

/** The module an Action's handler lives in: `DashScope:Completions` → `DashScope.Completions.mjs`. */
export function actionModuleName(action: string): string | undefined {
  return ACTION_NAME.test(action) ? `${action.replace(':', '.')}.mjs` : undefined;
}

export class TaskRunner implements TaskExecutor {
  private readonly modules = new Map<string, Promise<Record<string, unknown>>>();

  constructor(
    private readonly functionsDir?: string,
    /** Where FNF:StartExecution starts its child executions (the local service); without it, a handler or mock answers. */
    private readonly children?: ChildExecutions,
  ) {}

  /** The module file of an FC task's function, if there is one: its service's first, then one for any service. */
  functionFile(req: TaskRequest): string | undefined {
    for (const module of functionModules(req.resourceArn)) {
      const file = this.existing(module);
      if (file) return file;
    }
    return undefined;
  }

  /** True when the action can run here (a callback task without one just waits for its report). */
  canRun(req: TaskRequest): boolean {
    if (req.action === 'HTTP:Request' || (req.action === 'FNF:StartExecution' && this.children)) return true;
    if (req.action === 'FC:InvokeFunction') return this.functionFile(req) !== undefined;
    const module = actionModuleName(req.action);
    return module !== undefined && this.existing(module) !== undefined;
  }

  async run(req: TaskRequest, signal: AbortSignal, call?: TaskCall): Promise<unknown> {
    if (req.action === 'FC:InvokeFunction') return this.invoke(req, this.functionFile(req), call);
    if (req.action === 'HTTP:Request') return this.request(req, signal, call);
    if (req.action === 'FNF:StartExecution' && this.children) return this.startChild(this.children, req, signal);
    const module = actionModuleName(req.action);
    return this.runAction(req, module && this.existing(module), call);
  }

  /** Runs `file` as the handler of this task whatever its Action: as its function for FC:InvokeFunction, else with its Parameters. */
  runHandler(file: string, req: TaskRequest, call?: TaskCall): Promise<unknown> {
    return req.action === 'FC:InvokeFunction' ? this.invoke(req, file, call) : this.runAction(req, file, call);
  }

  private existing(module: string): string | undefined {
    if (!this.functionsDir) return undefined;
    const file = join(this.functionsDir, module);
    try {
      return statSync(file).isFile() ? file : undefined;
    } catch {
      return undefined;
    }
  }

  /** What to do when nothing answers a task: one of the files looked for to create, or the mocks entry to add. */
  private missing(what: string, modules: readonly string[], call: TaskCall | undefined): string {
    const dir = this.functionsDir ?? 'DIR';
    const files = modules.map((module) => join(dir, module)).join(' or ');
    const create = files && `create ${files}${this.functionsDir ? '' : ' and start fnf local serve with --functions DIR'}, or `;
    return `${what}: ${create}answer ${call ? `the state "${call.step}"` : 'it'} in a --mocks file`;
  }

  private async runAction(req: TaskRequest, file: string | undefined, call: TaskCall | undefined): Promise<unknown> {
    if (!file) {
      const module = actionModuleName(req.action);
      throw new TaskError('FnF.ActionNotSupported', this.missing(`no local handler for Action ${req.action}`, module ? [module] : [], call));
    }
    const context = { requestId: randomUUID(), action: req.action, state: call?.step, taskToken: call?.token };
    return resultOf(await callHandler(await this.handlerIn(file), structuredClone(req.parameters), context));
  }

  /**
   * FNF:StartExecution as help/en/serverless-workflow/latest/integrating-cloud-workflows describes it: the flow that
   * resourceArn names (acs:fnf:{region}::flow/<name>) starts with `input`, under `executionName` if given; the output
   * is {FlowName, ExecutionName, RequestID}. A task that waits for completion gets the child's output instead, and
   * fails with the child's error.
   */
  private async startChild(children: ChildExecutions, req: TaskRequest, signal: AbortSignal): Promise<unknown> {
    const p = req.parameters;
    const flowName = /:flow\/([^/]+)$/.exec(typeof p.resourceArn === 'string' ? p.resourceArn : '')?.[1];
    if (!flowName) throw new TaskError('FnF.InvalidArgument', `FNF:StartExecution needs Parameters.resourceArn naming a flow (acs:fnf:::flow/<name>), not ${JSON.stringify(p.resourceArn)}`);
    let child: ExecutionRecord;
    try {
      child = children.start(flowName, typeof p.executionName === 'string' ? p.executionName : undefined, p.input ?? {});
    } catch (err) {
      if (err instanceof ServiceError) throw new TaskError(`FnF.${err.code}`, err.message);
      throw err;
    }
    if (!req.waitsForCompletion) return { FlowName: child.flowName, ExecutionName: child.name, RequestID: randomUUID() };
    const end = await children.ended(child, signal);
    // The endpoint is closing: the engine cancels this task, whose answer would come to nothing.
    if (!end) return new Promise(() => undefined);
    if (end.status === 'Succeeded') return jsonOrText(end.output);
    throw new TaskError(end.error || `FnF.Execution${end.status}`, end.cause);
  }

  private async handlerIn(file: string): Promise<Handler> {
    const handler = (await this.load(file)).handler;
    if (typeof handler !== 'function') throw new TaskError('FC.HandlerNotFound', `${file} does not export a handler function`);
    return handler as Handler;
  }

  private async invoke(req: TaskRequest, file: string | undefined, call: TaskCall | undefined): Promise<unknown> {
    if (!file) {
      const what = `function ${functionLookupNames(req.resourceArn)[0] ?? `(none in resourceArn ${String(req.resourceArn)})`} not found`;
      throw new TaskError('FC.FunctionNotFound', this.missing(what, functionModules(req.resourceArn), call));
    }
    const handler = await this.handlerIn(file);
    const event = Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {}));
    // A mock's handler file may answer a task whose resourceArn names no function: it stands for one of its own name.
    const fn = functionOf(req.resourceArn);
    const context: FcContext = {
      requestId: randomUUID(),
      function: { name: fn?.name ?? basename(file, '.mjs'), handler: 'index.handler' },
      service: { name: fn?.service ?? 'local' },
      credentials: {},
      logger: { debug: silent, info: silent, warn: silent, error: silent, log: silent },
    };
    if (req.invocationType === 'Async' && !req.waitsForCompletion) {
      void callHandler(handler, event, context).catch(silent);
      return {};
    }
    return resultOf(await callHandler(handler, event, context));
  }

  private load(file: string): Promise<Record<string, unknown>> {
    // Keyed by mtime so an edited handler is picked up without a restart.
    const url = `${pathToFileURL(file).href}?v=${statSync(file).mtimeMs}`;
    let mod = this.modules.get(url);
    if (!mod) {
      mod = importFile(url);
      this.modules.set(url, mod);
    }
    return mod;
  }

  /**
   * HTTP:Request as help.aliyun.com/document_detail/2593203.html describes it: a string body goes as it is, any
   * other as JSON; the output is {Header, Code, Body}; a callback task's token travels in a request header.
   */
  private async request(req: TaskRequest, signal: AbortSignal, call: TaskCall | undefined): Promise<unknown> {
    const p = req.parameters;
    if (typeof p.url !== 'string') throw new TaskError('FnF.InvalidArgument', 'HTTP:Request needs Parameters.url');
    const method = typeof p.method === 'string' ? p.method.toUpperCase() : 'GET';
    const headers = { ...(p.headers ?? {}) } as Record<string, string>;
    if (call?.token) headers['X-FnF-Http-Callback-Task-Token'] = call.token;
    const body = p.body === undefined || method === 'GET' ? undefined : typeof p.body === 'string' ? p.body : JSON.stringify(p.body);
    let res: Response;
    try {
      res = await fetch(p.url, { method, headers, body, signal });
    } catch (err) {
      throw new TaskError('HTTP.RequestFailed', `${method} ${p.url}: ${(err as Error).message}`);
    }
    const text = await res.text();
    return { Header: Object.fromEntries([...res.headers].map(([k, v]) => [headerName(k), v])), Code: res.status, Body: jsonOrText(text) };
  }
}

async function callHandler(handler: Handler, event: unknown, context: object): Promise<unknown> {
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

/** `content-type` → `Content-Type`, as the page's example spells response headers. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
}

function resultOf(value: unknown): unknown {
  if (value === undefined || value === null) return {};
  if (Buffer.isBuffer(value)) return jsonOrText(value.toString('utf8'));
  if (typeof value === 'string') return jsonOrText(value);
  return value;
}

/** JSON when the text is JSON, else the text itself (what a handler or a server answers may be either). */
export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
