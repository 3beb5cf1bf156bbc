// The flow corpus again, end to end: a spawned `fnf local serve` loads
// test/flows/defs and runs each case, driven over signed HTTP with pop-core
// (StartExecution, ReportTaskSucceeded/Failed, DescribeExecution long polls,
// GetExecutionHistory). Needs the build (`npm run build`).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEndpoint, type Endpoint, type PopClient } from '../../helpers/endpoint.js';
import {
  cases, expectedEvents, FLOWS_DIR, FUNCTIONS_DIR, inputOf, startPongServer, type FlowCase,
} from '../../flows/corpus.js';

let endpoint: Endpoint;
let client: PopClient;
let pong: Awaited<ReturnType<typeof startPongServer>>;

beforeAll(async () => {
  pong = await startPongServer();
  endpoint = await startEndpoint({ flowsDir: FLOWS_DIR, functionsDir: FUNCTIONS_DIR, timeScale: 100 });
  client = endpoint.popClient();
});
afterAll(async () => {
  await endpoint?.stop();
  pong?.server.close();
});

const post = { method: 'POST' };

async function history(flow: string, name: string): Promise<Array<{ Type: string; EventDetail: string }>> {
  const events = [];
  let token: string | undefined;
  do {
    const page = await client.request('GetExecutionHistory', { FlowName: flow, ExecutionName: name, Limit: 1000, ...(token ? { NextToken: token } : {}) });
    events.push(...page.Events);
    token = page.NextToken;
  } while (token);
  return events;
}

describe('flow corpus over HTTP', () => {
  test.each(cases.map((c, i) => [`case-${i}`, c] as [string, FlowCase]))('%s', async (name, c) => {
    await client.request('StartExecution', { FlowName: c.flow, ExecutionName: name, Input: JSON.stringify(inputOf(c, pong.url)) }, post);
    if (c.report) {
      let token: string | undefined;
      for (let i = 0; i < 100 && !token; i++) {
        const scheduled = (await history(c.flow, name)).find((e) => e.Type === 'TaskScheduled');
        token = scheduled && JSON.parse(scheduled.EventDetail).taskToken;
        if (!token) await new Promise((r) => setTimeout(r, 20));
      }
      const { output, error, cause } = c.report;
      if (error) await client.request('ReportTaskFailed', { TaskToken: token, Error: error, Cause: cause }, post);
      else await client.request('ReportTaskSucceeded', { TaskToken: token, Output: JSON.stringify(output) }, post);
    }
    const exec = await client.request('DescribeExecution', { FlowName: c.flow, ExecutionName: name, WaitTimeSeconds: 10 }, { timeout: 15_000 });
    expect(exec.Status).toBe(c.status);
    if (c.output !== undefined) expect(JSON.parse(exec.Output)).toEqual(c.output);
    if (c.error !== undefined) expect(exec.ErrorCode).toBe(c.error);
    expect((await history(c.flow, name)).map((e) => e.Type)).toEqual(expectedEvents(c));
  });
});
