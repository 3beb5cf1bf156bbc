// Each execution command through the built CLI against a local endpoint:
// start, wait, describe, stop, list, flows, task; exit codes and streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startEndpoint, type Endpoint, type PopClient } from '../helpers/endpoint.js';
import { FAILING_FLOW, writeFlowsDir } from './flows.js';
import { until } from './until.js';

let ep: Endpoint;
let pop: PopClient;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir() });
  pop = ep.popClient();
  await pop.request('CreateFlow', { Name: 'fails', Definition: FAILING_FLOW, Type: 'FDL', Description: 'always fails' }, { method: 'POST' });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[], opts: { timeoutMs?: number } = {}) => runCli(args, { env: ep.cliEnv, timeoutMs: opts.timeoutMs });

async function statusOf(flow: string, name: string): Promise<string> {
  return (await pop.request('DescribeExecution', { FlowName: flow, ExecutionName: name })).Status;
}

function ok(result: CliResult): CliResult {
  expect(result.stderr).not.toMatch(/^fnf: /m);
  expect(result.code).toBe(0);
  return result;
}

describe('fnf start / wait / describe', () => {
  it('start prints the generated name and how to follow it; wait and describe then find it', async () => {
    const started = ok(await fnf(['start', 'three_steps', '--input', '{"n":1}']));
    // Piped: stdout holds the name alone, so `name=$(fnf start f)` works.
    const [, name] = /^(three_steps-\d{8}-\d{6}-[0-9a-z]{6})\n$/.exec(started.stdout) ?? [];
    expect(name).toBeDefined();
    const [, status] = /^Started \S+ \((\w+)\)\n/.exec(started.stderr) ?? [];
    expect(['Starting', 'Running', 'Succeeded']).toContain(status);
    expect(started.stderr).toBe(`Started ${name} (${status})\nFollow it:     fnf wait three_steps ${name}\nDescribe it:   fnf describe three_steps ${name}\n`);

    const waited = await fnf(['wait', 'three_steps', name!, '-o', 'json']);
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ Name: name, Status: 'Succeeded' });

    const described = ok(await fnf(['describe', 'three_steps', name!, '--history']));
    expect(described.stdout).toMatch(new RegExp(`^Execution ${name}\nFlow      three_steps\nStatus    ✔ Succeeded\n`));
    expect(described.stdout).toContain('Input\n  {\n    "n": 1\n  }\n');
    expect(described.stdout).toMatch(/History \(\d+ events\)\n  ID +TIME +TYPE +STEP +DETAIL\n  1 +\S+ +ExecutionStarted\n/);
    for (const step of ['one', 'two', 'three']) expect(described.stdout).toMatch(new RegExp(`StepEntered +${step}\n`));
  });

  it('describe --exit-status follows the end state; --output json is the API document', async () => {
    ok(await fnf(['start', 'fails', '--name', 'fail_1']));
    await until(async () => ((await statusOf('fails', 'fail_1')) === 'Failed' ? true : undefined), 'the failure');
    const withStatus = await fnf(['describe', 'fails', 'fail_1', '--exit-status', '--output', 'json']);
    expect(withStatus.code).toBe(1);
    const doc = JSON.parse(withStatus.stdout);
    expect(doc).toMatchObject({ Name: 'fail_1', FlowName: 'fails', Status: 'Failed', Input: '{}' });
    expect(doc).not.toHaveProperty('RequestId');
  }, 20_000);

  it('describe of an unknown execution is an API error (exit 5)', async () => {
    const res = await fnf(['describe', 'three_steps', 'no_such_execution']);
    expect(res.code).toBe(5);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^fnf: .*ExecutionNotExists/);
  });

  it('start of an unknown flow is an API error (exit 5)', async () => {
    const res = await fnf(['start', 'no_such_flow']);
    expect(res.code).toBe(5);
    expect(res.stdout).toBe('');
  });
});

describe('fnf stop', () => {
  it('stops a running execution; a second stop is an API error', async () => {
    ok(await fnf(['start', 'slow', '--name', 'slow_stop']));
    const stopped = ok(await fnf(['stop', 'slow', 'slow_stop', '--error', 'Cancelled', '--cause', 'by the test', '-o', 'json']));
    expect(JSON.parse(stopped.stdout)).toMatchObject({ Name: 'slow_stop' });
    await until(async () => ((await statusOf('slow', 'slow_stop')) === 'Stopped' ? true : undefined), 'the stop');
    const again = await fnf(['stop', 'slow', 'slow_stop']);
    expect(again.code).toBe(5);
  });

  it('refuses an over-long --error before sending', async () => {
    const res = await fnf(['stop', 'slow', 'slow_stop', '--error', 'e'.repeat(129)]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('fnf: --error must be 1 to 128 characters long, got 129\n');
  });
});

describe('fnf list / flows', () => {
  it('flows lists the loaded and the created flows', async () => {
    const text = ok(await fnf(['flows'])).stdout;
    expect(text.split('\n')[0]).toMatch(/^NAME +MODE +MODIFIED +DESCRIPTION$/);
    for (const name of ['three_steps', 'slow', 'callback', 'fails']) expect(text).toMatch(new RegExp(`^${name} +Standard`, 'm'));
    const json = JSON.parse(ok(await fnf(['flows', '--output', 'json'])).stdout);
    expect(json.Flows.map((f: { Name: string }) => f.Name).sort()).toEqual(['callback', 'fails', 'slow', 'three_steps', 'two_seconds']);
  });

  it('list filters by status and prefix, across every flow', async () => {
    ok(await fnf(['start', 'three_steps', '--name', 'listed_1']));
    ok(await fnf(['start', 'three_steps', '--name', 'listed_2']));
    await until(async () => ((await statusOf('three_steps', 'listed_2')) === 'Succeeded' ? true : undefined), 'listed_2 to end');
    const one = JSON.parse(ok(await fnf(['list', 'three_steps', '--prefix', 'listed_', '--status', 'Succeeded', '-o', 'json'])).stdout);
    expect(one.Executions.map((e: { Name: string }) => e.Name).sort()).toEqual(['listed_1', 'listed_2']);
    const table = ok(await fnf(['list', '--since', '1h'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^FLOW +NAME +STATUS +STARTED +DURATION +ERROR$/);
    expect(table).toMatch(/^three_steps +listed_2 +Succeeded +\S+ +\S+$/m);
    expect(table).toMatch(/^fails +fail_1 +Failed +\S+ +\S+ +Boom: it broke$/m);
  });
});
