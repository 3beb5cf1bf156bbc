// The flow corpus (test/flows) run in-process against the in-memory host.
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../../src/local/engine/index.js';
import type { Engine } from '../../../src/local/types.js';
import {
  cases, definitionFile, expectedEvents, FUNCTIONS_DIR, inputOf, startPongServer, type FlowCase,
} from '../../flows/corpus.js';
import { detailOf, eventTypes, MemoryHost } from './memory-host.js';

let pong: Awaited<ReturnType<typeof startPongServer>>;
beforeAll(async () => {
  pong = await startPongServer();
});
afterAll(() => pong.server.close());

async function waitForToken(host: MemoryHost, exec: { events: { Type: string; EventDetail: string }[] }): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const scheduled = exec.events.find((e) => e.Type === 'TaskScheduled');
    if (scheduled) return detailOf(scheduled as never).taskToken as string;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no TaskScheduled (checkpoints so far: ${host.checkpoints})`);
}

describe('flow corpus, in-process', () => {
  const host = new MemoryHost(100);
  const engine: Engine = createEngine({ host, functionsDir: FUNCTIONS_DIR });
  afterAll(() => engine.close());

  test.each(cases.map((c, i) => [`case-${i}`, c] as [string, FlowCase]))('%s', async (name, c) => {
    const file = definitionFile(c.flow);
    const flow = engine.compile(readFileSync(file, 'utf8'), { fileName: file });
    const exec = host.execution(name, inputOf(c, pong.url), c.flow);
    engine.start(exec, flow);
    if (c.report) {
      const token = await waitForToken(host, exec);
      const { output, error, cause } = c.report;
      engine.reportTask(token, error ? { error, cause } : { output: JSON.stringify(output) });
    }
    const result = await host.ended(exec);
    if (process.env.CORPUS_PRINT) appendFileSync(process.env.CORPUS_PRINT, `${JSON.stringify({ flow: c.flow, result, events: eventTypes(exec).join(" ") })}\n`);
    expect(result.status).toBe(c.status);
    if (c.output !== undefined) expect(result.status === 'Succeeded' && JSON.parse(result.output)).toEqual(c.output);
    if (c.error !== undefined) expect(result.status !== 'Succeeded' && result.error).toBe(c.error);
    expect(eventTypes(exec)).toEqual(expectedEvents(c));
  });
});
