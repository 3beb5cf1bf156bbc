// The typed FnfClient over @alicloud/pop-core's RPCClient: signing is
// pop-core's; retries, clock-skew correction, abort, --verbose logging and
// error mapping are ours. pop-core is loaded on the first call only.
import type { Clock } from '../context.js';
import type { ResolvedProfile } from '../config/resolve.js';
import { defaultEndpoint } from '../config/types.js';
import type { Action, ActionMap, CallOptions, FnfClient } from './types.js';
import { classify, sanitizeUnknown, toUserError, type Failure } from './errors.js';
import { backoffMs, DEFAULT_RETRY, isIdempotent, isRead, isRetryable, mayHaveBeenApplied, type RetryPolicy } from './retry.js';
import { redact, registerSecret } from '../redact.js';

export const API_VERSION = '2019-03-15';
/** Per-request timeout when the caller gives none (pop-core's own default, 3 s, is short for a slow link). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ClientOptions {
  verbose: boolean;
  stderr: NodeJS.WritableStream;
  clock: Clock;
  /** Tests shorten the backoff; production uses DEFAULT_RETRY. */
  retry?: Partial<RetryPolicy>;
}

type WireParams = Record<string, string>;

interface ResponseEntry {
  response?: { statusCode?: number };
}

interface RpcClient {
  request(action: string, params: WireParams, opts: object): Promise<[Record<string, unknown>, ResponseEntry]>;
}

type RpcClientClass = new (config: object, verbose: boolean) => RpcClient;

// One RPCClient (and so one keep-alive agent) per endpoint and key for the whole process.
const rpcClients = new Map<string, Promise<RpcClient>>();

function rpcClientFor(profile: ResolvedProfile): Promise<RpcClient> {
  const key = `${profile.endpoint}\n${profile.accessKeyId}\n${profile.accessKeySecret}\n${profile.securityToken ?? ''}`;
  let client = rpcClients.get(key);
  if (!client) {
    // lib/rpc.js alone: the package's index also loads its ROA client and an XML parser (about 190 KB) we never use.
    client = import('@alicloud/pop-core/lib/rpc.js').then((mod) => {
      const RPCClient = ((mod as { default?: unknown }).default ?? mod) as RpcClientClass;
      // verbose=true makes pop-core return [body, entry], which carries the HTTP status.
      return new RPCClient(
        {
          endpoint: profile.endpoint,
          apiVersion: API_VERSION,
          accessKeyId: profile.accessKeyId,
          accessKeySecret: profile.accessKeySecret,
          securityToken: profile.securityToken,
        },
        true,
      );
    });
    rpcClients.set(key, client);
  }
  return client;
}

/** Booleans and numbers as the strings the wire carries; undefined parameters left out. */
export function toWireParams(params: object): WireParams {
  const wire: WireParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) wire[key] = String(value);
  }
  return wire;
}

/** pop-core's Timestamp format: UTC, no milliseconds. */
export function wireTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function whereOf(profile: Pick<ResolvedProfile, 'region' | 'endpoint'>): string {
  return profile.region && profile.endpoint === defaultEndpoint(profile.region)
    ? `in ${profile.region}`
    : `at ${profile.endpoint}`;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function formatParams(wire: WireParams): string {
  return Object.entries(wire)
    .map(([k, v]) => `${k}=${v.length > 60 ? `${v.slice(0, 60)}…(${v.length} chars)` : v}`)
    .join(' ');
}

/**
 * Fields without which a 200 answer is not the API's (a gateway's page, a
 * truncated body): such an answer is retried like a non-JSON one, then exit 6.
 */
const REQUIRED_FIELDS: Partial<Record<Action, readonly string[]>> = {
  StartExecution: ['Name', 'Status'],
  StartSyncExecution: ['Name', 'Status'],
  DescribeExecution: ['Name', 'Status'],
  StopExecution: ['Name', 'Status'],
  ListExecutions: ['Executions'],
  GetExecutionHistory: ['Events'],
  DescribeFlow: ['Name'],
  ListFlows: ['Flows'],
  DescribeSchedule: ['ScheduleName'],
  ListSchedules: ['Schedules'],
};

function missingField(action: Action, body: Record<string, unknown>): string | undefined {
  return REQUIRED_FIELDS[action]?.find((field) => body[field] === undefined || body[field] === null);
}

export function createClient(profile: ResolvedProfile, opts: ClientOptions): FnfClient {
  registerSecret(profile.accessKeySecret);
  registerSecret(profile.securityToken);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const { clock } = opts;
  const where = whereOf(profile);
  let requestCount = 0;
  let throttledCount = 0;
  // Server time minus ours, learnt from a RequestTimeTooSkewed answer.
  let clockOffsetMs = 0;

  const log = (line: string) => {
    if (opts.verbose) opts.stderr.write(`${redact(`fnf: ${line}`)}\n`);
  };

  async function send(action: Action, wire: WireParams, callOpts: CallOptions): Promise<Record<string, unknown>> {
    const rpc = await abortable(rpcClientFor(profile), callOpts.signal);
    const method = isRead(action) ? 'GET' : 'POST';
    const timeoutMs = callOpts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signal = callOpts.signal;
    const requestOpts = {
      ...(method === 'POST' ? { method: 'POST' } : {}),
      // Node's socket timeout also runs while the server holds a long poll, so both get the full budget.
      connectTimeout: timeoutMs,
      readTimeout: timeoutMs,
      ...(signal ? { beforeRequest: (o: object) => ({ ...o, signal }) } : {}),
    };
    const params = clockOffsetMs === 0 ? wire : { ...wire, Timestamp: wireTimestamp(clock.now() + clockOffsetMs) };
    const started = clock.now();
    log(`→ ${action} ${method} ${formatParams(wire)}`);
    requestCount++;
    let answer: Awaited<ReturnType<RpcClient['request']>>;
    try {
      answer = await abortable(rpc.request(action, params, requestOpts), signal);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      const failure = classify(err);
      if (failure?.kind === 'throttled') throttledCount++;
      const status = failure?.status ? `${failure.status} ` : '';
      const id = failure?.requestId ? ` RequestId=${failure.requestId}` : '';
      log(`← ${action} ${status}${failure?.code ?? 'error'} ${clock.now() - started} ms${id}`);
      throw failure ? new FailedAttempt(failure) : sanitizeUnknown(err);
    }
    const [body, entry] = answer;
    log(`← ${action} ${entry.response?.statusCode ?? '?'} ${clock.now() - started} ms RequestId=${String(body.RequestId)}`);
    const missing = missingField(action, body);
    if (missing) throw new FailedAttempt({ kind: 'bad-body', code: 'InvalidResponse', detail: `JSON that has no ${missing}` });
    return body;
  }

  async function call<A extends Action>(action: A, params: ActionMap[A]['req'], callOpts: CallOptions = {}): Promise<ActionMap[A]['res']> {
    const wire = toWireParams(params);
    const idempotent = isIdempotent(action, params);
    let skewCorrected = false;
    let earlierMayHaveApplied = false;
    for (let attempt = 1; ; attempt++) {
      callOpts.signal?.throwIfAborted();
      let failure: Failure;
      try {
        return (await send(action, wire, callOpts)) as unknown as ActionMap[A]['res'];
      } catch (err) {
        if (!(err instanceof FailedAttempt)) throw err;
        failure = err.failure;
      }
      if (action === 'StartExecution' && failure.code === 'ExecutionAlreadyExists' && earlierMayHaveApplied) {
        // Our own earlier attempt started it and its answer was lost.
        log(`StartExecution: ${wire.ExecutionName} already exists after a lost answer; describing it`);
        const { FlowName, ExecutionName } = wire;
        return (await call('DescribeExecution', { FlowName: FlowName!, ExecutionName: ExecutionName! }, callOpts)) as ActionMap[A]['res'];
      }
      if (failure.kind === 'skew' && !skewCorrected && failure.serverDate && !Number.isNaN(Date.parse(failure.serverDate))) {
        skewCorrected = true;
        clockOffsetMs = Date.parse(failure.serverDate) - clock.now();
        log(`clock differs from the server's by ${Math.round(clockOffsetMs / 1000)} s; retrying with a corrected Timestamp`);
        continue;
      }
      const retryable = isRetryable(failure.kind, idempotent) && !(failure.kind === 'throttled' && callOpts.retryThrottled === false);
      if (attempt < policy.attempts && retryable) {
        earlierMayHaveApplied ||= mayHaveBeenApplied(failure.kind);
        const wait = backoffMs(policy, attempt);
        log(`retrying ${action} in ${wait} ms (attempt ${attempt + 1} of ${policy.attempts})`);
        await clock.sleep(wait, callOpts.signal);
        continue;
      }
      throw toUserError(failure, {
        action,
        params: wire,
        endpoint: profile.endpoint,
        where,
        profileName: profile.name,
        attempts: attempt,
      });
    }
  }

  return {
    call,
    region: profile.region,
    endpoint: profile.endpoint,
    defaults: { output: profile.output, timeout: profile.timeout },
    get requestCount() {
      return requestCount;
    },
    get throttledCount() {
      return throttledCount;
    },
  };
}

/** One attempt failed in a way classify() understood; call() decides what happens next. */
class FailedAttempt extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}
