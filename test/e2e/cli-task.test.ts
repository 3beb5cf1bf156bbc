// `fnf task succeed|fail` through the built CLI: a callback Task step on the
// local endpoint waits for the report, and the execution ends with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startEndpoint, type Endpoint, type PopClient } from '../helpers/endpoint.js';
import { writeFlowsDir } from './flows.js';
import { until } from './until.js';

let ep: Endpoint;
let pop: PopClient;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir() });
  pop = ep.popClient();
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv });

function ok(result: CliResult): CliResult {
  expect(result.stderr).not.toMatch(/^fnf: /m);
  expect(result.code).toBe(0);
  return result;
}

describe('fnf task', () => {
  async function taskTokenOf(name: string): Promise<string> {
    return until(async () => {
      const { Events } = await pop.request('GetExecutionHistory', { FlowName: 'callback', ExecutionName: name });
      for (const ev of Events as Array<{ EventDetail: string }>) {
        const token = (JSON.parse(ev.EventDetail || '{}') as { taskToken?: string }).taskToken;
        if (token) return token;
      }
      return undefined;
    }, 'the task token');
  }

  it('succeed: the output becomes the execution output; a second report is an API error', async () => {
    ok(await fnf(['start', 'callback', '--name', 'cb_ok']));
    const token = await taskTokenOf('cb_ok');
    const reported = ok(await fnf(['task', 'succeed', token, '--output', '{"approved":true}']));
    expect(reported.stdout).toMatch(/^Reported task succeeded \(event \d+\)\n$/);
    const waited = await fnf(['wait', 'callback', 'cb_ok', '--timeout', '10s', '-o', 'json']);
    expect(waited.code).toBe(0);
    expect(JSON.parse(JSON.parse(waited.stdout).Output)).toEqual({ approved: true });
    const again = await fnf(['task', 'succeed', token]);
    expect(again.code).toBe(5);
    expect(again.stdout).toBe('');
  });

  it('fail: the execution fails with the error (exit 1 from wait)', async () => {
    ok(await fnf(['start', 'callback', '--name', 'cb_fail']));
    const token = await taskTokenOf('cb_fail');
    ok(await fnf(['task', 'fail', token, '--error', 'Rejected', '--cause', 'over budget']));
    const waited = await fnf(['wait', 'callback', 'cb_fail', '--timeout', '10s']);
    expect(waited.code).toBe(1);
    const doc = await pop.request('DescribeExecution', { FlowName: 'callback', ExecutionName: 'cb_fail' });
    expect(doc.Status).toBe('Failed');
    expect(`${doc.ErrorCode} ${doc.ErrorMessage}`).toContain('Rejected');
  });
});
