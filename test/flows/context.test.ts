// The context object in both languages: every field the pages document, with the value the engine gives it.
// CloudFlow's $Context is what help/en/serverless-workflow/latest/data-transfer lists, and nothing more; FDL's
// $context has the fields Alibaba's own sample flows read (no page lists them; see fdl.ts contextVars).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { HistoryEvent } from '../../src/api/types.js';
import { createEngine } from '../../src/local/engine/index.js';
import { LocalService } from '../../src/local/service.js';
import { Store } from '../../src/local/store.js';
import { detailOf, MemoryHost } from '../local/engine/memory-host.js';
import { outputOf, run } from './cloudflow-run.js';

const eventsOf = (events: HistoryEvent[], type: string, step: string) =>
  events.filter((e) => e.Type === type && e.StepName === step);

describe('CloudFlow $Context', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer (also /es/, /fr/ of the same page):
  // {"Execution": {"Name", "Input", "RoleArn"}, "Current": {"Name", "Input", "Output", "Error": {"Code", "Detail"},
  // "RetryCount", "TaskToken"}}. The page's "flow data" (flow name, region, state names) has no field in it.
  test('holds Execution and Current, and no field the page does not list', async () => {
    const r = await run(`
Type: StateMachine
Name: context-flow
SpecVersion: v1
StartAt: First
States:
  - Type: Pass
    Name: First
    Next: Show
  - Type: Pass
    Name: Show
    InputConstructor:
      picked.$: $Input.order
    OutputConstructor:
      whole.$: $Context
    End: true
`, { order: 7 });
    // An in-memory host's execution has no role; outside a task there is no token, outside a Catch no error.
    expect(outputOf(r)).toEqual({
      whole: { Execution: { Name: 'docs-1', Input: { order: 7 } }, Current: { Name: 'Show', Input: { picked: 7 }, Output: { picked: 7 }, RetryCount: 0 } },
    });
  });

  // data-transfer: Current.TaskToken "the token used for callback"; Current.Error {Code, Detail} and RetryCount,
  // "the error information generated during the execution, and the number of retries for error handling".
  test('a callback task reads its TaskToken; a Catch reads Error and the retries made', async () => {
    const r = await run(`
Type: StateMachine
Name: context-flow
SpecVersion: v1
StartAt: Approve
States:
  - Type: Task
    Name: Approve
    Action: FC:InvokeFunction
    TaskMode: WaitForCustomCallback
    Parameters:
      resourceArn: acs:fc:::services/demo/functions/approver
      body:
        token.$: $Context.Current.TaskToken
    Next: Charge
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/demo/functions/charge
    Retry:
      - Errors: [Declined]
        MaxAttempts: 2
        IntervalSeconds: 1
    Catch:
      - Errors: [Declined]
        Next: Report
        OutputConstructor:
          code.$: $Context.Current.Error.Code
          detail.$: $Context.Current.Error.Detail
          retries.$: $Context.Current.RetryCount
    End: true
  - Type: Pass
    Name: Report
    End: true
`, {}, { Approve: { output: { approved: true } }, Charge: { error: { code: 'Declined', cause: 'card expired' } } });
    expect(outputOf(r)).toEqual({ code: 'Declined', detail: 'card expired', retries: 2 });
    const scheduled = detailOf(eventsOf(r.exec.events, 'TaskScheduled', 'Approve')[0]!);
    expect(scheduled.taskToken).toEqual(expect.any(String));
    // What the function is handed: the body.
    expect(scheduled.input).toEqual({ token: scheduled.taskToken });
  });
});

describe('$Context.Execution.RoleArn on the local endpoint', () => {
  // data-transfer: Execution.RoleArn is "the RAM role used to run the flow", the RoleArn given to CreateFlow
  // (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-createflow). The execution
  // keeps it as it keeps its definition, through a restart of the endpoint.
  const ROLE = 'acs:ram::1234567890:role/fnf-local';
  const SHOW_ROLE = `Type: StateMachine
SpecVersion: v1
Name: role_flow
StartAt: pause
States:
  - Type: Wait
    Name: pause
    Seconds.$: $Input.seconds
    Next: show
  - Type: Pass
    Name: show
    OutputConstructor:
      role.$: $Context.Execution.RoleArn
    End: true
`;
  const services: LocalService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
  });

  function service(dataDir: string) {
    const s = new LocalService({ store: new Store(dataDir), timeScale: 1000, createEngine: (host) => createEngine({ host }) });
    services.push(s);
    const never = new AbortController().signal;
    return { s, call: async (action: string, params: Record<string, string>): Promise<any> => s.handle(action, params, never) };
  }

  test('is the flow\'s RoleArn, also for an execution resumed after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fnf-context-'));
    const first = service(dataDir);
    await first.call('CreateFlow', { Name: 'role_flow', Definition: SHOW_ROLE, RoleArn: ROLE });
    await first.call('StartExecution', { FlowName: 'role_flow', ExecutionName: 'quick', Input: '{"seconds":0}' });
    const quick = await first.call('DescribeExecution', { FlowName: 'role_flow', ExecutionName: 'quick', WaitTimeSeconds: '5' });
    expect(JSON.parse(quick.Output)).toEqual({ role: ROLE });
    await first.call('StartExecution', { FlowName: 'role_flow', ExecutionName: 'slow', Input: '{"seconds":500}' });
    await new Promise((r) => setImmediate(r));
    await first.s.close();
    services.splice(0);

    const second = service(dataDir);
    expect(second.s.restore()).toEqual({ resumed: 1, total: 2 });
    const slow = await second.call('DescribeExecution', { FlowName: 'role_flow', ExecutionName: 'slow', WaitTimeSeconds: '10' });
    expect(slow.Status).toBe('Succeeded');
    expect(JSON.parse(slow.Output)).toEqual({ role: ROLE });
  });
});

describe('FDL $context', () => {
  const host = new MemoryHost(100);
  const engine = createEngine({ host, functionsDir: join(import.meta.dirname, 'fdl-functions') });
  afterAll(() => engine.close());

  // $context.task.token: https://help.aliyun.com/document_detail/149828.html (integration overview, waitForCallback)
  // and the callback pages, held by fdl-docs.test.ts ("waitForCallback", "callbacks"). flow.name, execution.name,
  // step.name and step.eventId: Alibaba's awesome-fnf flows (test/flows/real/fnf_oss_batch_copy.yaml,
  // fnf_oss_copy_multiple.yaml); no page lists them.
  test('flow.name, execution.name, step.name and step.eventId in a step\'s input and output mappings and a choice', async () => {
    const exec = host.execution('ctx-1', { n: 1 }, 'copy_files_flow');
    engine.start(exec, engine.compile(`
version: v1
type: flow
steps:
  - type: pass
    name: warmUp
  - type: task
    name: echo
    resourceArn: acs:fc:::services/s/functions/echo
    inputMappings:
      - {target: flow, source: $context.flow.name}
      - {target: execution, source: $context.execution.name}
      - {target: step, source: $context.step.name}
      - {target: eventId, source: $context.step.eventId}
    outputMappings:
      - {target: sent, source: $local}
      - {target: eventIdAfter, source: $context.step.eventId}
  - type: choice
    name: decide
    inputMappings:
      - {target: event_id, source: $context.step.eventId}
    choices:
      - condition: $.event_id >= 4000
        goto: tooLong
    default:
      goto: done
  - type: fail
    name: tooLong
    error: TooLong
  - type: pass
    name: done
    inputMappings:
      - {target: decidedAt, source: $input.event_id}
`));
    const result = await host.ended(exec);
    expect(result.status).toBe('Succeeded');
    const enteredId = (step: string) => eventsOf(exec.events, 'StepEntered', step)[0]!.EventId;
    const echoed = detailOf(eventsOf(exec.events, 'StepExited', 'echo')[0]!).output as Record<string, unknown>;
    expect(echoed).toMatchObject({
      sent: { flow: 'copy_files_flow', execution: 'ctx-1', step: 'echo', eventId: enteredId('echo') },
      eventIdAfter: enteredId('echo'),
    });
    expect(detailOf(eventsOf(exec.events, 'StepEntered', 'decide')[0]!).input).toEqual({ event_id: enteredId('decide') });
    expect(enteredId('decide')).toBeGreaterThan(enteredId('echo'));
  });
});
