// Every action of `fnf local serve` through the real pop-core client:
// flows CRUD, StartExecution naming, long polls, stop, listing and history
// paging, Express flows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEndpoint, writeFlowsDir, type Endpoint, type PopClient } from '../helpers/endpoint.js';
import { CALLBACK_FLOW, FAIL_FLOW, PASS_FLOW, WAIT_FLOW } from '../helpers/flows.js';

const RFC3339_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let ep: Endpoint;
let client: PopClient;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'pass.yaml': PASS_FLOW, 'wait.yaml': WAIT_FLOW, 'callback.yaml': CALLBACK_FLOW, 'fail.yaml': FAIL_FLOW }), timeScale: 100 });
  client = ep.popClient();
});
afterAll(async () => {
  await ep?.stop();
});

const post = { method: 'POST' };

async function apiError(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code: string; data: { Message: string }; entry: { response: { statusCode: number } } };
    return { code: e.code, status: e.entry.response.statusCode, message: e.data.Message };
  }
  throw new Error('expected the request to fail');
}

function start(flow: string, input: object, name?: string) {
  return client.request('StartExecution', { FlowName: flow, Input: JSON.stringify(input), ...(name ? { ExecutionName: name } : {}) }, post);
}

describe('flows', () => {
  it('lists the flows of --flows with their fields', async () => {
    expect(ep.flows).toEqual(['callback_flow', 'fail_flow', 'pass_flow', 'wait_flow']);
    const res = await client.request('ListFlows', {});
    expect(res.Flows.map((f: { Name: string }) => f.Name)).toEqual(ep.flows);
    expect(res).not.toHaveProperty('NextToken');
    const flow = res.Flows[2];
    expect(flow).toMatchObject({ Name: 'pass_flow', Type: 'FDL', ExecutionMode: 'Standard', Definition: PASS_FLOW });
    expect(flow.CreatedTime).toMatch(RFC3339_MS);
    expect(flow.LastModifiedTime).toMatch(RFC3339_MS);
  });

  it('creates, describes, updates, pages and deletes a flow', async () => {
    const created = await client.request('CreateFlow', { Name: 'made_here', Definition: PASS_FLOW, Description: 'first', Type: 'FDL' }, post);
    expect(created).toMatchObject({ Name: 'made_here', Description: 'first', ExecutionMode: 'Standard' });
    expect(created.Id).toBeTruthy();
    const again = await apiError(client.request('CreateFlow', { Name: 'made_here', Definition: PASS_FLOW, Type: 'FDL' }, post));
    expect([again.code, again.status]).toEqual(['FlowAlreadyExists', 409]);

    await new Promise((r) => setTimeout(r, 5));
    const updated = await client.request('UpdateFlow', { Name: 'made_here', Definition: WAIT_FLOW, Description: 'second', Type: 'FDL' }, post);
    expect(updated).toMatchObject({ Description: 'second', Definition: WAIT_FLOW, Id: created.Id, CreatedTime: created.CreatedTime });
    expect(Date.parse(updated.LastModifiedTime)).toBeGreaterThan(Date.parse(created.LastModifiedTime));

    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.request('ListFlows', { Limit: 1, ...(token ? { NextToken: token } : {}) });
      expect(page.Flows.length).toBe(1);
      names.push(page.Flows[0].Name);
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['callback_flow', 'fail_flow', 'made_here', 'pass_flow', 'wait_flow']);

    const deleted = await client.request('DeleteFlow', { Name: 'made_here' }, post);
    expect(deleted).not.toHaveProperty('Code');
    const gone = await apiError(client.request('DescribeFlow', { Name: 'made_here' }));
    expect([gone.code, gone.status]).toEqual(['FlowNotExists', 404]);
    expect((await apiError(client.request('DeleteFlow', { Name: 'made_here' }, post))).code).toBe('FlowNotExists');
    expect((await apiError(client.request('UpdateFlow', { Name: 'made_here', Definition: PASS_FLOW }, post))).code).toBe('FlowNotExists');
  });

  it('refuses a definition that does not compile, naming the place', async () => {
    const broken = PASS_FLOW.replace('End: true', 'Next: nowhere');
    const err = await apiError(client.request('CreateFlow', { Name: 'broken', Definition: broken, Type: 'FDL' }, post));
    expect([err.code, err.status]).toEqual(['InvalidArgument', 400]);
    expect(err.message).toBe('Definition is invalid at States[0].Next (line 8): no state named "nowhere" in this scope');
    expect((await apiError(client.request('DescribeFlow', { Name: 'broken' }))).code).toBe('FlowNotExists');
  });
});

describe('StartExecution naming and DescribeExecution', () => {
  it('generates a valid name when none is given, and answers Running with RFC 3339 times', async () => {
    const res = await start('wait_flow', { seconds: 100 });
    expect(res.Name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/);
    expect(res).toMatchObject({ FlowName: 'wait_flow', Status: 'Running', Input: '{"seconds":100}', FlowDefinition: WAIT_FLOW });
    expect(res.StartedTime).toMatch(RFC3339_MS);
    expect(res).not.toHaveProperty('StoppedTime');
    const other = await start('wait_flow', { seconds: 100 });
    expect(other.Name).not.toBe(res.Name);
  });

  it('returns the running execution for a repeated name, and ExecutionAlreadyExists once it ended', async () => {
    const first = await start('wait_flow', { seconds: 50 }, 'same_name');
    const retry = await start('wait_flow', { seconds: 50 }, 'same_name');
    expect(retry).toMatchObject({ Name: 'same_name', Status: 'Running', StartedTime: first.StartedTime });
    const ended = await client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: 'same_name', WaitTimeSeconds: 10 }, { timeout: 15_000 });
    expect(ended.Status).toBe('Succeeded');
    const err = await apiError(start('wait_flow', { seconds: 50 }, 'same_name'));
    expect([err.code, err.status]).toEqual(['ExecutionAlreadyExists', 400]);
  });

  it('FlowNotExists (404) and ExecutionNotExists (404)', async () => {
    const noFlow = await apiError(start('no_such_flow', {}));
    expect([noFlow.code, noFlow.status]).toEqual(['FlowNotExists', 404]);
    const noExec = await apiError(client.request('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'never_ran' }));
    expect([noExec.code, noExec.status]).toEqual(['ExecutionNotExists', 404]);
  });

  it('a long poll answers within a few ms of the end', async () => {
    const { Name } = await start('wait_flow', { seconds: 80 });
    const asked = Date.now();
    const res = await client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: Name, WaitTimeSeconds: 20 }, { timeout: 25_000 });
    const answered = Date.now();
    expect(res.Status).toBe('Succeeded');
    expect(res.StoppedTime).toMatch(RFC3339_MS);
    expect(res.Output).toBeDefined();
    expect(answered - asked).toBeGreaterThan(500);
    expect(answered - Date.parse(res.StoppedTime)).toBeLessThan(250);
  });

  it('a long poll returns the running execution when its time is up; WaitTimeSeconds stays within 0–60', async () => {
    const { Name } = await start('wait_flow', { seconds: 3000 });
    const asked = Date.now();
    const res = await client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: Name, WaitTimeSeconds: 1 }, { timeout: 10_000 });
    expect(res.Status).toBe('Running');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(950);
    const err = await apiError(client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: Name, WaitTimeSeconds: 61 }));
    expect(err.code).toBe('InvalidArgument');
  });
});

describe('StopExecution', () => {
  it('stops a running execution, answers its long polls, and refuses a second stop', async () => {
    const { Name } = await start('wait_flow', { seconds: 3000 }, 'to_stop');
    const polling = client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: Name, WaitTimeSeconds: 30 }, { timeout: 35_000 });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = await client.request('StopExecution', { FlowName: 'wait_flow', ExecutionName: Name, Error: 'Manual', Cause: 'test' }, post);
    expect(stopped).toMatchObject({ Status: 'Stopped', ErrorCode: 'Manual', ErrorMessage: 'test' });
    expect((await polling).Status).toBe('Stopped');
    const again = await apiError(client.request('StopExecution', { FlowName: 'wait_flow', ExecutionName: Name }, post));
    expect([again.code, again.status]).toEqual(['ExecutionAlreadyCompleted', 400]);
    const history = await client.request('GetExecutionHistory', { FlowName: 'wait_flow', ExecutionName: Name });
    expect(history.Events.at(-1).Type).toBe('ExecutionStopped');
  });
});

describe('ListExecutions and GetExecutionHistory', () => {
  it('pages newest first and filters by status, name prefix, start time; MetadataOnly drops the data', async () => {
    const before = new Date().toISOString();
    for (let i = 0; i < 5; i++) await start('pass_flow', { i }, `listed_${i}`);
    await start('wait_flow', { seconds: 3000 }, 'listed_running');
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.request('ListExecutions', { FlowName: 'pass_flow', Limit: 2, ExecutionNamePrefix: 'listed_', ...(token ? { NextToken: token } : {}) });
      expect(page.Executions.length).toBeLessThanOrEqual(2);
      seen.push(...page.Executions.map((e: { Name: string }) => e.Name));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(['listed_4', 'listed_3', 'listed_2', 'listed_1', 'listed_0']);

    const running = await client.request('ListExecutions', { FlowName: 'wait_flow', Status: 'Running', ExecutionNamePrefix: 'listed' });
    expect(running.Executions.map((e: { Name: string }) => e.Name)).toEqual(['listed_running']);
    const succeeded = await client.request('ListExecutions', { FlowName: 'pass_flow', Status: 'Succeeded', StartedTimeBegin: before });
    expect(succeeded.Executions.length).toBe(5);
    const none = await client.request('ListExecutions', { FlowName: 'pass_flow', StartedTimeEnd: '2001-01-01T00:00:00.000Z' });
    expect(none.Executions).toEqual([]);

    const meta = await client.request('ListExecutions', { FlowName: 'pass_flow', ExecutionNamePrefix: 'listed_4', MetadataOnly: true });
    expect(meta.Executions[0]).toMatchObject({ Name: 'listed_4', Status: 'Succeeded' });
    expect(meta.Executions[0]).not.toHaveProperty('Input');
    expect(meta.Executions[0]).not.toHaveProperty('FlowDefinition');
    const full = await client.request('ListExecutions', { FlowName: 'pass_flow', ExecutionNamePrefix: 'listed_4' });
    expect(full.Executions[0].Input).toBe('{"i":4}');

    expect((await apiError(client.request('ListExecutions', { FlowName: 'pass_flow', Status: 'Sleeping' }))).code).toBe('InvalidArgument');
    expect((await apiError(client.request('ListExecutions', { FlowName: 'no_flow' }))).code).toBe('FlowNotExists');
  });

  it('pages the history with NextToken and Limit, EventIds in order, times with ms', async () => {
    const { Name } = await start('wait_flow', { seconds: 10 }, 'history_paged');
    await client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: Name, WaitTimeSeconds: 10 }, { timeout: 15_000 });
    const all = await client.request('GetExecutionHistory', { FlowName: 'wait_flow', ExecutionName: Name, Limit: 1000 });
    expect(all).not.toHaveProperty('NextToken');
    expect(all.Events[0].Type).toBe('ExecutionStarted');
    expect(all.Events.at(-1).Type).toBe('ExecutionSucceeded');
    const paged: unknown[] = [];
    let token: string | undefined;
    do {
      const page = await client.request('GetExecutionHistory', { FlowName: 'wait_flow', ExecutionName: Name, Limit: 2, ...(token ? { NextToken: token } : {}) });
      paged.push(...page.Events);
      token = page.NextToken;
    } while (token);
    expect(paged).toEqual(all.Events);
    all.Events.forEach((e: { EventId: number; Time: string; EventDetail: string }, i: number) => {
      expect(e.EventId).toBe(i + 1);
      expect(e.Time).toMatch(RFC3339_MS);
      expect(() => JSON.parse(e.EventDetail)).not.toThrow();
    });
  });
});

describe('Express flows', () => {
  it('StartSyncExecution runs an Express flow to the end; each start action refuses the other mode', async () => {
    await client.request('CreateFlow', { Name: 'express_flow', Definition: PASS_FLOW, Type: 'FDL', ExecutionMode: 'Express' }, post);
    const res = await client.request('StartSyncExecution', { FlowName: 'express_flow', Input: '{"x":1}' }, post);
    expect(res).toMatchObject({ FlowName: 'express_flow', Status: 'Succeeded' });
    expect(JSON.parse(res.Output)).toEqual({ x: 1 });
    expect(res.StoppedTime).toMatch(RFC3339_MS);
    expect((await apiError(start('express_flow', {}))).code).toBe('InvalidArgument');
    expect((await apiError(client.request('StartSyncExecution', { FlowName: 'pass_flow' }, post))).code).toBe('InvalidArgument');
  });
});

describe('task reports and failures', () => {
  async function waitingToken(name: string): Promise<string> {
    await start('callback_flow', { order: 7 }, name);
    for (let i = 0; i < 50; i++) {
      const { Events } = await client.request('GetExecutionHistory', { FlowName: 'callback_flow', ExecutionName: name });
      const scheduled = Events.find((e: { Type: string }) => e.Type === 'TaskScheduled');
      if (scheduled) return JSON.parse(scheduled.EventDetail).taskToken;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no TaskScheduled event');
  }

  it('ReportTaskSucceeded completes the waiting task; a second report and an unknown token are refused', async () => {
    const token = await waitingToken('approved');
    const polling = client.request('DescribeExecution', { FlowName: 'callback_flow', ExecutionName: 'approved', WaitTimeSeconds: 10 }, { timeout: 15_000 });
    const res = await client.request('ReportTaskSucceeded', { TaskToken: token, Output: '{"approved":true}' }, post);
    expect(res.EventId).toEqual(expect.any(Number));
    const ended = await polling;
    expect(ended.Status).toBe('Succeeded');
    expect(JSON.parse(ended.Output)).toEqual({ approved: true });
    const again = await apiError(client.request('ReportTaskSucceeded', { TaskToken: token, Output: '{}' }, post));
    expect([again.code, again.status]).toEqual(['TaskAlreadyCompleted', 400]);
    const unknown = await apiError(client.request('ReportTaskFailed', { TaskToken: 'no-such-token', Error: 'E' }, post));
    expect([unknown.code, unknown.status]).toEqual(['TaskInvalidState', 409]);
    const missing = await apiError(client.request('ReportTaskSucceeded', { TaskToken: token }, post));
    expect(missing.code).toBe('MissingRequiredParams');
  });

  it('ReportTaskFailed fails the execution with its Error and Cause; a Fail state ends it as Failed', async () => {
    const token = await waitingToken('rejected');
    await client.request('ReportTaskFailed', { TaskToken: token, Error: 'Rejected', Cause: 'over budget' }, post);
    const rejected = await client.request('DescribeExecution', { FlowName: 'callback_flow', ExecutionName: 'rejected', WaitTimeSeconds: 10 }, { timeout: 15_000 });
    expect(rejected).toMatchObject({ Status: 'Failed', ErrorCode: 'Rejected', ErrorMessage: 'over budget' });

    await start('fail_flow', {}, 'failing');
    const failed = await client.request('DescribeExecution', { FlowName: 'fail_flow', ExecutionName: 'failing', WaitTimeSeconds: 10 }, { timeout: 15_000 });
    expect(failed).toMatchObject({ Status: 'Failed', ErrorCode: 'Order.Invalid', ErrorMessage: 'no items' });
    expect(failed).not.toHaveProperty('Output');
  });
});

describe('the 5,000-event limit', () => {
  it('fails an execution that reaches it, records the end event, and answers its long poll', async () => {
    // Each Map iteration records four events (IterationEntered, StepEntered, StepExited, IterationExited).
    const definition = `Type: StateMachine
SpecVersion: v1
Name: many_events
StartAt: each
States:
  - Type: Map
    Name: each
    ItemsPath: $Input.items
    Processor:
      StartAt: touch
      States:
        - Type: Pass
          Name: touch
          End: true
    End: true
`;
    await client.request('CreateFlow', { Name: 'many_events', Definition: definition, Type: 'FDL' }, post);
    await client.request('StartExecution', {
      FlowName: 'many_events', ExecutionName: 'too_many', Input: JSON.stringify({ items: Array.from({ length: 1300 }, (_, i) => i) }),
    }, post);
    const ended = await client.request('DescribeExecution', { FlowName: 'many_events', ExecutionName: 'too_many', WaitTimeSeconds: 20 }, { timeout: 25_000 });
    expect(ended).toMatchObject({ Status: 'Failed', ErrorCode: 'FnF.EventLimitExceeded' });
    let last: { EventId: number; Type: string } | undefined;
    let token: string | undefined;
    do {
      const page = await client.request('GetExecutionHistory', { FlowName: 'many_events', ExecutionName: 'too_many', Limit: 1000, ...(token ? { NextToken: token } : {}) });
      last = page.Events.at(-1) ?? last;
      token = page.NextToken;
    } while (token);
    expect(last?.Type).toBe('ExecutionFailed');
    expect(last?.EventId).toBe(5001);
  });
});
