// The wire side of the RPC protocol: reading a request (query string and
// form body, merged), checking who sent it and that it is fresh, and writing
// JSON answers in the service's shapes.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyPair } from './keys.js';
import { required } from './params.js';
import { sign } from './signature.js';
import { ServiceError } from './types.js';

export const API_VERSION = '2019-03-15';
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** How far a request's Timestamp may be from our clock, and how long a nonce is remembered. */
const FRESHNESS_MS = 15 * 60 * 1000;
const HOST_ID = 'fnf.local';

export interface RpcRequest {
  method: string;
  params: Record<string, string>;
}

/** application/x-www-form-urlencoded, as pop-core writes it (and `+` for space, as browsers do). */
export function parseForm(text: string, into: Record<string, string> = {}): Record<string, string> {
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      into[decodeURIComponent(key.replace(/\+/g, ' '))] = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      throw new ServiceError('InvalidArgument', `The parameter "${key}" is not correctly percent-encoded.`);
    }
  }
  return into;
}

export function tooLarge(): ServiceError {
  return new ServiceError('EntityTooLarge', `The request is larger than ${MAX_REQUEST_BYTES / 1024} KiB.`);
}

/** Reads a body of at most `limit` bytes; a larger one is drained (so that the answer can still be sent) and refused. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** Reads the whole request; query parameters first, body parameters override them. */
export async function readRequest(req: IncomingMessage): Promise<RpcRequest> {
  const url = req.url ?? '/';
  const body = await readBody(req, Math.max(0, MAX_REQUEST_BYTES - url.length));
  if (url.length > MAX_REQUEST_BYTES) throw tooLarge();
  const queryStart = url.indexOf('?');
  const params = queryStart < 0 ? {} : parseForm(url.slice(queryStart + 1));
  if (body.length > 0) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      throw new ServiceError('UnsupportedMediaType', `Content-Type "${type}" is not supported; send application/x-www-form-urlencoded.`, 415);
    }
    parseForm(body.toString('utf8'), params);
  }
  return { method: req.method ?? 'GET', params };
}

/** Remembers nonces for the freshness window; entries expire in insertion order. */
class NonceCache {
  private readonly seen = new Map<string, number>();

  /** False when the nonce was used within the window. */
  remember(nonce: string, now: number): boolean {
    for (const [old, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(old);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + FRESHNESS_MS);
    return true;
  }
}

const COMMON_REQUIRED = ['Action', 'Version', 'AccessKeyId', 'SignatureNonce', 'Timestamp', 'Signature'];

export class Authenticator {
  private readonly nonces = new NonceCache();

  constructor(private readonly keys: KeyPair, private readonly now: () => number = Date.now) {}

  /** Throws the ServiceError the service would answer for a request that is not signed by our key pair, stale or replayed. */
  verify({ method, params }: RpcRequest): void {
    for (const key of COMMON_REQUIRED) required(params, key);
    if (params.AccessKeyId !== this.keys.accessKeyId) {
      throw new ServiceError('InvalidAccessKeyID', 'The AccessKey ID does not exist.', 403);
    }
    if (params.SignatureMethod !== undefined && params.SignatureMethod !== 'HMAC-SHA1') {
      throw new ServiceError('InvalidArgument', `SignatureMethod "${params.SignatureMethod}" is not supported; use HMAC-SHA1.`);
    }
    const expected = Buffer.from(sign(method, params, this.keys.accessKeySecret));
    const given = Buffer.from(params.Signature!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ServiceError('SignatureNotMatch', 'The request signature does not match the one calculated by the server. Check your AccessKey secret and how the string to sign is built.', 403);
    }
    const sentAt = Date.parse(params.Timestamp!);
    if (Number.isNaN(sentAt)) {
      throw new ServiceError('InvalidArgument', `Timestamp "${params.Timestamp}" is invalid: use YYYY-MM-DDThh:mm:ssZ (UTC).`);
    }
    const now = this.now();
    if (Math.abs(now - sentAt) > FRESHNESS_MS) {
      throw new ServiceError('RequestTimeTooSkewed', `The request Timestamp ${params.Timestamp} is more than 15 minutes away from the server time ${new Date(now).toISOString()}.`, 403);
    }
    if (!this.nonces.remember(params.SignatureNonce!, now)) {
      throw new ServiceError('SignatureNonceUsed', 'The SignatureNonce was already used by another request within 15 minutes.', 400);
    }
    if (params.Version !== API_VERSION) {
      throw new ServiceError('APIVersionNotSupported', `Version "${params.Version}" is not supported; use ${API_VERSION}.`);
    }
  }
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    Date: new Date().toUTCString(),
  });
  res.end(text);
}

export function errorBody(requestId: string, err: ServiceError): object {
  return { RequestId: requestId, HostId: HOST_ID, Code: err.code, Message: err.message };
}

export function sendError(res: ServerResponse, requestId: string, err: ServiceError): void {
  sendJson(res, err.status, errorBody(requestId, err));
}
