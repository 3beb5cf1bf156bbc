// An HTTP proxy between the CLI and the local endpoint that injects the
// faults a real network and a struggling service produce, chosen per request
// by a seeded generator (so a failing run can be replayed) or by a script.
// It also records every request it saw (action, parameters, fault), which is
// how tests learn the Signature values the CLI sent.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAULT_KINDS = [
  'unavailable503', // JSON ServiceUnavailable, not forwarded
  'internal500', // JSON InternalServerError, not forwarded
  'throttled429', // JSON ResourceThrottled, not forwarded
  'html502', // a load balancer's HTML page, not forwarded
  'reset', // TCP reset before forwarding
  'delayed', // forwarded; the answer is held past the client's timeout
  'lost', // forwarded and carried out; the answer is dropped with a reset
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** `mangled` (scripted only): forwarded, answered 200 with a JSON body missing every field, as a broken gateway might. */
export type Decision = FaultKind | 'pass' | 'mangled';

export interface ProxiedRequest {
  index: number;
  method: string;
  action: string;
  params: Record<string, string>;
  decision: Decision;
  /** Status the client was sent (undefined for resets and dropped answers). */
  status?: number;
}

export interface FaultProxyOptions {
  /** The endpoint to forward to. */
  target: string;
  seed?: number;
  /** Probability of each fault per request; the rest pass. */
  rates?: Partial<Record<FaultKind, number>>;
  /** At most this many of a kind in the proxy's life (a `delayed` costs the client a whole timeout). */
  caps?: Partial<Record<FaultKind, number>>;
  /** Scripted decisions; undefined falls back to the random choice. */
  decide?: (req: Omit<ProxiedRequest, 'decision'>) => Decision | undefined;
  /** How long a `delayed` answer is held (default 12 s: the CLI gives a request 10 s). */
  delayMs?: number;
  /** How long after the server answered a `lost` request the client socket is reset. */
  lostAfterMs?: number;
}

export interface FaultProxy {
  endpoint: string;
  requests: ProxiedRequest[];
  /** How many times each decision was taken. */
  counts(): Record<Decision, number>;
  /** Every Signature value a client sent through the proxy. */
  signatures(): string[];
  close(): Promise<void>;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paramsOf(url: string, body: Buffer, contentType: string | undefined): Record<string, string> {
  const params = Object.fromEntries(new URL(url, 'http://proxy').searchParams);
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  return params;
}

/** A long poll holds the answer by design; holding it longer still would cost a whole minute. */
function isLongPoll(params: Record<string, string>): boolean {
  return params.Action === 'DescribeExecution' && Number(params.WaitTimeSeconds ?? 0) > 0;
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ RequestId: `FAULT-${Math.random().toString(36).slice(2)}`, HostId: 'fault.proxy', Code: code, Message: message });
}

const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function reset(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(opts.target);
  const agent = new Agent({ keepAlive: true });
  const random = seededRandom(opts.seed ?? 1);
  const requests: ProxiedRequest[] = [];
  const taken = new Map<Decision, number>();
  const delayMs = opts.delayMs ?? 12_000;

  const underCap = (kind: FaultKind) => (taken.get(kind) ?? 0) < (opts.caps?.[kind] ?? Infinity);

  function pick(req: Omit<ProxiedRequest, 'decision'>): Decision {
    const scripted = opts.decide?.(req);
    if (scripted) return scripted;
    // One draw per request, whatever the outcome, keeps the sequence replayable.
    let roll = random();
    for (const kind of FAULT_KINDS) {
      const rate = opts.rates?.[kind] ?? 0;
      if (roll < rate) return kind === 'delayed' && isLongPoll(req.params) ? 'pass' : underCap(kind) ? kind : 'pass';
      roll -= rate;
    }
    return 'pass';
  }

  function forward(req: IncomingMessage, body: Buffer, onAnswer: (status: number, headers: IncomingMessage['headers'], text: Buffer) => void, res: ServerResponse): void {
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => onAnswer(up.statusCode ?? 502, up.headers, Buffer.concat(chunks)));
        up.on('error', () => reset(req.socket));
      },
    );
    out.on('error', () => reset(req.socket));
    // The client gave up (its timeout): stop waiting upstream too, as a real proxy would.
    res.on('close', () => out.destroy());
    out.end(body);
  }

  function reply(res: ServerResponse, record: ProxiedRequest, status: number, contentType: string, text: string | Buffer): void {
    record.status = status;
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), Date: new Date().toUTCString() });
    res.end(text);
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const params = paramsOf(req.url ?? '/', body, req.headers['content-type']);
    const base = { index: requests.length, method: req.method ?? 'GET', action: params.Action ?? '?', params };
    const decision = pick(base);
    const record: ProxiedRequest = { ...base, decision };
    requests.push(record);
    taken.set(decision, (taken.get(decision) ?? 0) + 1);
    const json = 'application/json;charset=utf-8';
    switch (decision) {
      case 'unavailable503':
        return reply(res, record, 503, json, errorBody('ServiceUnavailable', 'The service is temporarily unavailable.'));
      case 'internal500':
        return reply(res, record, 500, json, errorBody('InternalServerError', 'The request processing has failed due to some unknown error.'));
      case 'throttled429':
        return reply(res, record, 429, json, errorBody('ResourceThrottled', `Request was denied due to request throttling of ${base.action}.`));
      case 'html502':
        return reply(res, record, 502, 'text/html', HTML_502);
      case 'reset':
        return reset(req.socket);
      case 'delayed':
        return forward(req, body, (status, headers, text) => {
          const timer = setTimeout(() => {
            if (res.destroyed) return;
            record.status = status;
            res.writeHead(status, headers).end(text);
          }, delayMs);
          res.on('close', () => clearTimeout(timer));
        }, res);
      case 'lost':
        return forward(req, body, () => {
          setTimeout(() => reset(req.socket), opts.lostAfterMs ?? 0);
        }, res);
      case 'mangled':
        return forward(req, body, () => {
          if (!res.destroyed) reply(res, record, 200, json, JSON.stringify({ RequestId: 'MANGLED' }));
        }, res);
      case 'pass':
        return forward(req, body, (status, headers, text) => {
          if (res.destroyed) return;
          record.status = status;
          res.writeHead(status, headers).end(text);
        }, res);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    counts() {
      const counts = Object.fromEntries(['pass', 'mangled', ...FAULT_KINDS].map((k) => [k, 0])) as Record<Decision, number>;
      for (const [k, n] of taken) counts[k] = n;
      return counts;
    },
    signatures: () => requests.map((r) => r.params.Signature).filter((s): s is string => Boolean(s)),
    close() {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
