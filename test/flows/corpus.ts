// The flow corpus: definitions in defs/, handlers in functions/, and in
// cases.yaml what each run must end with (status, output or error) and the
// exact sequence of event types it records. Both the in-process engine test
// and the over-HTTP endpoint test run this same table.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
export const FLOWS_DIR = join(here, 'defs');
export const FUNCTIONS_DIR = join(here, 'functions');
export const INVALID_DIR = join(here, 'invalid');

export interface FlowCase {
  flow: string;
  input: Record<string, unknown>;
  status: 'Succeeded' | 'Failed';
  output?: unknown;
  error?: string;
  /** A callback task to report once it is waiting. */
  report?: { output?: unknown; error?: string; cause?: string };
  /** Space-separated event types, in order. */
  events: string;
}

export interface InvalidCase {
  file: string;
  where: string;
  line: number;
  message: string;
}

const table = parse(readFileSync(join(here, 'cases.yaml'), 'utf8')) as { cases: FlowCase[]; invalid: InvalidCase[] };
export const cases = table.cases;
export const invalidCases = table.invalid;

export function definitionFile(flow: string): string {
  const file = readdirSync(FLOWS_DIR).find((f) => f.replace(/\.(ya?ml|json)$/, '') === flow);
  if (!file) throw new Error(`no definition for ${flow} in ${FLOWS_DIR}`);
  return join(FLOWS_DIR, file);
}

export const expectedEvents = (c: FlowCase) => c.events.trim().split(/\s+/);

/** Replaces "{{http}}" in the input with the URL of the corpus's HTTP test server. */
export function inputOf(c: FlowCase, httpUrl: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(c.input).replaceAll('{{http}}', httpUrl));
}

/** A tiny HTTP server for HTTP:Request tasks: POST {ping} → {pong: ping}. */
export async function startPongServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const ping = body ? (JSON.parse(body) as { ping?: unknown }).ping : undefined;
      res.writeHead(req.method === 'POST' ? 200 : 405, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pong: ping, method: req.method }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/pong`, server };
}
