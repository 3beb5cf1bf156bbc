// The HTTP front of the local endpoint: every request is read, verified
// (signature, key, freshness, nonce, version), rate-limited and handed to the
// service; every answer is JSON with a RequestId, and errors carry Code.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  errorBody, MAX_REQUEST_BYTES, newRequestId, readRequest, sendError, sendJson, tooLarge, type Authenticator,
} from './protocol.js';
import type { RateLimiter } from './ratelimit.js';
import type { LocalService } from './service.js';
import { ServiceError } from './types.js';

export interface ServerDeps {
  service: LocalService;
  auth: Authenticator;
  limiter: RateLimiter;
  /** Unexpected failures (bugs) are logged here; the client gets InternalServerError. */
  log(line: string): void;
}

const NEVER = new AbortController().signal;
const CLIENT_GONE = new Error('the client closed the connection');

/** Aborts when the client goes away, so that a long poll does not keep its waiter. */
function closeSignal(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  // A reason given up front spares abort() building a DOMException with a stack trace.
  res.on('close', () => gone.abort(CLIENT_GONE));
  return gone.signal;
}

async function answer(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, requestId: string): Promise<void> {
  const rpc = await readRequest(req);
  deps.auth.verify(rpc);
  const action = rpc.params.Action!;
  if (!deps.service.supports(action)) {
    throw new ServiceError('ActionNotSupported', `Action "${action}" is not supported.`);
  }
  if (!deps.limiter.allow(action)) {
    throw new ServiceError('ResourceThrottled', `Request was denied due to request throttling of ${action}.`, 429);
  }
  const body = await deps.service.handle(action, rpc.params, deps.service.waits(action) ? closeSignal(res) : NEVER);
  if (!res.destroyed) sendJson(res, 200, { RequestId: requestId, ...body });
}

/** Requests Node's HTTP parser refuses still get the service's error shape and a Date header. */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const headersTooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const error = headersTooLarge ? tooLarge() : new ServiceError('InvalidArgument', 'The request is not valid HTTP.');
  const body = JSON.stringify(errorBody(newRequestId(), error));
  socket.end(
    `HTTP/1.1 ${error.status} ${headersTooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Date: ${new Date().toUTCString()}\r\nContent-Type: application/json;charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createRpcServer(deps: ServerDeps): Server {
  const server = createServer(
    // GET requests carry every parameter in the query string: let them be as large as a POST body.
    { maxHeaderSize: MAX_REQUEST_BYTES + 64 * 1024 },
    (req, res) => {
      const requestId = newRequestId();
      answer(req, res, deps, requestId).catch((err: unknown) => {
        if (res.headersSent || res.destroyed) return;
        if (err instanceof ServiceError) {
          return sendError(res, requestId, err);
        }
        deps.log(`internal error in request ${requestId}: ${(err as Error).stack ?? String(err)}`);
        sendError(res, requestId, new ServiceError('InternalServerError', 'The local endpoint failed to handle the request.', 500));
      });
    },
  );
  server.on('clientError', answerUnparsable);
  // Clients (pop-core's keep-alive agent) reuse idle connections; closing them
  // after Node's default 5 s races with their next request (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
