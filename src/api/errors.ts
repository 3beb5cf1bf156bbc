// What pop-core (and httpx under it) throw, sorted into kinds the retry logic
// understands, and turned into the one-line FnfError / NetworkError the user
// reads. pop-core's own messages end with the signed request URL, so no raw
// message is ever passed on: every text here is composed from codes and the
// service's Message field, then redacted.
import { FnfError, NetworkError } from '../errors.js';
import { redact } from '../redact.js';

export type FailureKind =
  | 'refused' // nothing listening: the request was never sent
  | 'network' // reset, DNS, TLS…: the request may or may not have arrived
  | 'timeout'
  | 'server' // HTTP 5xx with an error body
  | 'throttled'
  | 'bad-body' // an answer that is not JSON (a proxy's HTML page), or JSON without the action's fields
  | 'skew'
  | 'api'; // a definite answer from the service that retrying will not change

export interface Failure {
  kind: FailureKind;
  /** The API's Code, or the socket error code (ECONNRESET…). */
  code: string;
  status?: number;
  requestId?: string;
  /** The service's Message (API errors) or a short description (others). */
  detail: string;
  /** The response's Date header, for clock-skew correction. */
  serverDate?: string;
}

interface PopCoreError {
  name?: string;
  code?: unknown;
  message?: string;
  data?: { Code?: string; Message?: string; RequestId?: string };
  entry?: { response?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> } };
  /** json-bigint's parse error carries the body it choked on. */
  text?: string;
}

const REFUSED = new Set(['ECONNREFUSED']);
const NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED']);

/** The service's codes for "too many requests" (fnf's own, and the gateway's Throttling.*). */
export function isThrottlingCode(code: string | undefined): boolean {
  return code === 'ResourceThrottled' || Boolean(code?.startsWith('Throttling'));
}

export function classify(err: unknown): Failure | undefined {
  const e = (err ?? {}) as PopCoreError;
  if (e.data && typeof e.data.Code === 'string') return classifyApiError(e);
  if (e.name === 'SyntaxError') {
    return { kind: 'bad-body', code: 'InvalidResponse', detail: describeBody(e.text ?? '') };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  if (REFUSED.has(code)) return { kind: 'refused', code, detail: 'connection refused' };
  if (e.name?.includes('Timeout') || code === 'ETIMEDOUT') return { kind: 'timeout', code: 'Timeout', detail: 'timed out' };
  if (NETWORK.has(code)) return { kind: 'network', code, detail: networkDetail(code) };
  return undefined;
}

function classifyApiError(e: PopCoreError): Failure {
  const data = e.data!;
  const code = data.Code!;
  const status = e.entry?.response?.statusCode;
  const date = e.entry?.response?.headers?.date;
  const base = {
    code,
    status,
    requestId: data.RequestId,
    detail: oneLine(data.Message ?? ''),
    serverDate: typeof date === 'string' ? date : undefined,
  };
  if (code === 'RequestTimeTooSkewed') return { kind: 'skew', ...base };
  if (isThrottlingCode(code) || status === 429) return { kind: 'throttled', ...base };
  if (status !== undefined && status >= 500) return { kind: 'server', ...base };
  return { kind: 'api', ...base };
}

function networkDetail(code: string): string {
  switch (code) {
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    default:
      return code;
  }
}

/** "502 Bad Gateway" from an HTML error page, else the start of the body. */
function describeBody(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const summary = oneLine(title ?? text).slice(0, 80);
  return `something that is not JSON: ${summary === '' ? 'an empty body' : `"${summary}"`}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface ErrorContext {
  action: string;
  params: Record<string, unknown>;
  endpoint: string;
  /** "in cn-hangzhou" or "at http://127.0.0.1:8787". */
  where: string;
  profileName: string;
  attempts: number;
}

/** The error thrown to the caller once no retry is left. */
export function toUserError(f: Failure, ctx: ErrorContext): FnfError | NetworkError {
  const tries = ctx.attempts > 1 ? ` (${ctx.attempts} attempts)` : '';
  switch (f.kind) {
    case 'refused':
    case 'network':
      return new NetworkError(redact(`cannot reach ${ctx.endpoint}: ${f.detail}${tries}`), f.code, reachHint(ctx.endpoint));
    case 'timeout':
      return new NetworkError(redact(`no answer from ${ctx.endpoint} to ${ctx.action} in time${tries}`), f.code, reachHint(ctx.endpoint));
    case 'bad-body':
      return new NetworkError(
        redact(`${ctx.endpoint} answered ${ctx.action} with ${f.detail}${tries}`),
        f.code,
        'a proxy may be in the way (HTTPS_PROXY, --endpoint)',
      );
    case 'server':
    case 'throttled':
      return new NetworkError(redact(`${f.code}: ${apiText(f, ctx)}${tries}`), f.code, f.kind === 'throttled'
        ? 'too many requests: run fewer fnf commands at once, or try again later'
        : 'the service is having trouble; try again later');
    default:
      return new FnfError(f.code, redact(`${f.code}: ${apiText(f, ctx)}`), f.status, f.requestId, apiHint(f, ctx));
  }
}

function quoted(value: unknown): string {
  return `"${String(value)}"`;
}

function apiText(f: Failure, ctx: ErrorContext): string {
  const p = ctx.params;
  const flow = quoted(p.FlowName ?? p.Name);
  switch (f.code) {
    case 'FlowNotExists':
      return `flow ${flow} does not exist ${ctx.where}`;
    case 'FlowAlreadyExists':
      return `flow ${flow} already exists ${ctx.where}`;
    case 'ExecutionNotExists':
      return `execution ${quoted(p.ExecutionName)} of flow ${flow} does not exist ${ctx.where}`;
    case 'ExecutionAlreadyExists':
      return `execution ${quoted(p.ExecutionName)} of flow ${flow} already exists and has ended`;
    case 'ExecutionAlreadyCompleted':
      return `execution ${quoted(p.ExecutionName)} of flow ${flow} has already ended`;
    case 'ScheduleNotExists':
      return `schedule ${quoted(p.ScheduleName)} of flow ${flow} does not exist ${ctx.where}`;
    case 'ScheduleAlreadyExists':
      return `schedule ${quoted(p.ScheduleName)} of flow ${flow} already exists ${ctx.where}`;
    default:
      return f.detail || `${ctx.action} failed${f.status ? ` with HTTP ${f.status}` : ''}`;
  }
}

const AUTH_CODES = new Set(['InvalidAccessKeyID', 'SignatureNotMatch', 'InvalidAccessKeyId.NotFound', 'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed', 'InvalidSecurityToken.MismatchWithAccessKey', 'SignatureDoesNotMatch']);

function apiHint(f: Failure, ctx: ErrorContext): string | undefined {
  if (AUTH_CODES.has(f.code)) return `check the credentials of profile "${ctx.profileName}" with \`fnf profiles\``;
  switch (f.code) {
    case 'ExecutionAlreadyExists':
      return `see it with: fnf describe ${ctx.params.FlowName} ${ctx.params.ExecutionName}`;
    case 'FlowNotExists':
      return ctx.where.startsWith('in ') ? 'is the flow in another region? pass --region' : undefined;
    case 'AccessDenied':
      return `the RAM identity needs permission fnf:${ctx.action}`;
    case 'RequestTimeTooSkewed':
      return "this machine's clock is off by more than 15 minutes; sync it (e.g. timedatectl set-ntp true)";
    default:
      return undefined;
  }
}

function reachHint(endpoint: string): string {
  return /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]?/.test(endpoint)
    ? 'is `fnf local serve` running?'
    : 'check the network, a proxy (HTTPS_PROXY), or --endpoint / --region';
}

/**
 * Something pop-core threw that is none of the above (a bug, a bad option):
 * passed on as an internal error, without the URL httpx appends to messages.
 */
export function sanitizeUnknown(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(redact(message.replace(/(GET|POST)?\s*https?:\/\/\S+/g, '<request>')));
}
