// A tiny stand-in for the cloud service on 127.0.0.1: each test scripts the
// answers, one handler per request, and reads back what the real pop-core
// client sent (method, parameters merged from query and form body).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  params: Record<string, string>;
  rawUrl: string;
  body: string;
}

export type Answer = (req: SeenRequest, res: ServerResponse) => void;

export interface FakeService {
  endpoint: string;
  seen: SeenRequest[];
  /** Answers for the next requests, in order; after they run out, `fallback` answers. */
  script(...answers: Answer[]): void;
  fallback: Answer;
  close(): Promise<void>;
}

export const json = (status: number, body: object, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

export const apiError = (status: number, Code: string, Message = `${Code} happened`): Answer =>
  json(status, { RequestId: `req-${Code}`, HostId: 'fnf.test', Code, Message });

export const ok = (body: object = {}): Answer => json(200, { RequestId: 'req-ok', ...body });

export const html502: Answer = (_req, res) => {
  res.writeHead(502, { 'content-type': 'text/html' });
  res.end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
};

export const reset: Answer = (_req, res) => void res.socket?.destroy();

export const delayed = (ms: number, answer: Answer): Answer => (req, res) => {
  const timer = setTimeout(() => answer(req, res), ms);
  res.on('close', () => clearTimeout(timer));
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve(body));
  });
}

export async function startFakeService(): Promise<FakeService> {
  const queue: Answer[] = [];
  const seen: SeenRequest[] = [];
  const service: Partial<FakeService> = { seen, fallback: ok() };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const params = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body)]);
    const request = { method: req.method ?? '', params, rawUrl: req.url ?? '', body };
    seen.push(request);
    (queue.shift() ?? service.fallback!)(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(service, {
    endpoint: `http://127.0.0.1:${port}`,
    script: (...answers: Answer[]) => void queue.push(...answers),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as FakeService;
}
