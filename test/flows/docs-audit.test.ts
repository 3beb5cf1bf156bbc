// Examples and documented rules found by the documentation audit (test/flows/DOCS.md) that no other test
// under test/flows held yet. Each runs through the real engine in-process and keeps its page beside it.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import { TaskRunner } from '../../src/local/engine/tasks.js';
import { detailOf, eventTypes, MemoryHost, RecordingTimers, until } from '../local/engine/memory-host.js';
import { accepts, CF_FUNCTIONS, outputOf, refusal, run } from './cloudflow-run.js';

/** A CloudFlow definition: the header the pages' examples share, then `states` (YAML list items at column 0). */
const machine = (name: string, startAt: string, states: string) =>
  `Type: StateMachine\nName: ${name}\nSpecVersion: v1\nStartAt: ${startAt}\nStates:\n${states.trim().replace(/^/gm, '  ')}\n`;

describe('inputs and outputs', () => {
  // https://help.aliyun.com/document_detail/2402077.html (en: /help/en/serverless-workflow/latest/input-and-output):
  // "in IO and parameter construction, if a key ends in .$ its value must be an expression, else it is an error".
  test('a key ending in .$ whose value is not an expression is refused', () => {
    const err = refusal(machine('my-wkfl', 'Pass1', `
- Type: Pass
  Name: Pass1
  InputConstructor:
    FieldA.$: 123
  End: true
`));
    expect({ path: err.path, line: err.line, message: err.message }).toEqual({
      path: 'States[0].InputConstructor.FieldA.$', line: 9, message: 'must be an expression string',
    });
  });

  // Same page: the student enrollment example; every state reads the execution input through
  // $Context.Execution.Input, whatever the states before it output.
  test('$Context.Execution.Input reaches a later state after an earlier one replaced the input', async () => {
    const r = await run(machine('enrollment', 'collect', `
- Type: Pass
  Name: collect
  OutputConstructor:
    collected: true
  Next: verify
- Type: Pass
  Name: verify
  InputConstructor:
    student.$: $Context.Execution.Input.name
    collected.$: $Input.collected
  End: true
`), { name: 'Li Lei' });
    expect(outputOf(r)).toEqual({ student: 'Li Lei', collected: true });
  });

  // Same page: "The size of the input and output of a state cannot exceed 64 KiB. If the size ... exceeds 64 KiB,
  // the flow fails to be executed." The page names no error code, so only the failure is held here.
  test('a state output over 64 KiB fails the execution', async () => {
    const r = await run(machine('big', 'fetch', `
- Type: Task
  Name: fetch
  Action: OSS:GetObject
  Parameters:
    bucket: b
    key: k
  End: true
`), {}, { fetch: { output: { content: 'x'.repeat(70 * 1024) } } });
    expect(r.result.status).toBe('Failed');
  });
});

describe('FDL inputs and outputs', () => {
  // https://www.alibabacloud.com/help/fr/serverless-workflow/latest/inputs-and-outputs (zh: https://help.aliyun.com/document_detail/122493.html):
  // "the total size of a step's input, output and local variables cannot exceed 32 KiB. If it does, the flow execution fails."
  test('a task step whose $local is over 32 KiB fails the execution', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: fetch
    resourceArn: acs:fc:::services/demo/functions/fetch
`, {}, { fetch: { output: { content: 'x'.repeat(40 * 1024) } } });
    expect(r.result.status).toBe('Failed');
  });
});

describe('Wait', () => {
  // https://alibabacloud.com/help/en/serverless-workflow/latest/wait-wait (and its es, pt-br, fr, ja, zh-TW versions):
  // Seconds "Valid values: Standard mode: 1 to 300. Express mode: 1 to 20."
  // KNOWN GAP (test.fails until the checker keeps the range; reported in /work/brief/notes.md): any number is taken.
  test.fails.each([0, 301])('Seconds: %i is refused', (seconds) => {
    const err = refusal(machine('my-wkfl', 'Wait1', `
- Type: Wait
  Name: Wait1
  Seconds: ${seconds}
  End: true
`));
    expect(err.path).toBe('States[0].Seconds');
  });

  test('Seconds: 1 and 300 are taken', () => {
    for (const seconds of [1, 300]) accepts(machine('my-wkfl', 'Wait1', `
- Type: Wait
  Name: Wait1
  Seconds: ${seconds}
  End: true
`));
  });
});

describe('error handling', () => {
  // https://www.alibabacloud.com/help/doc-detail/2500862.html (zh: help.aliyun.com/document_detail/2500862.html):
  // "If multiple retry rules match the same error type, CloudFlow uses the first one that matches."
  test('of two Retry rules matching the error, only the first applies', async () => {
    const r = await run(machine('retries', 'call', `
- Type: Task
  Name: call
  Action: MNS:SendMessage
  Parameters:
    body: ok
  Retry:
    - Errors: [MyCustomError]
      Description: Retry policy #1
      MaxAttempts: 1
      IntervalSeconds: 1
    - Errors: [FnF.ALL]
      Description: Retry policy #2
      MaxAttempts: 3
      IntervalSeconds: 1
  End: true
`), {}, { call: { error: { code: 'MyCustomError', cause: 'always' } } });
    expect(r.result).toMatchObject({ status: 'Failed', error: 'MyCustomError' });
    expect(eventTypes(r.exec).filter((t) => t === 'TaskFailed')).toHaveLength(2);
  });

  // Same page: BackoffRate "Multiplier applied to IntervalSeconds after each attempt. When omitted, the interval stays
  // constant"; MaxBackoffSeconds "Upper bound for the computed retry interval".
  test.each([
    ['without BackoffRate the interval stays constant', '', [10, 10, 10]],
    ['BackoffRate 2 doubles it up to MaxBackoffSeconds', '\n      BackoffRate: 2\n      MaxBackoffSeconds: 30', [10, 20, 30]],
  ])('%s', async (_what, backoff, seconds) => {
    const timers = new RecordingTimers();
    await run(machine('retries', 'call', `
- Type: Task
  Name: call
  Action: MNS:SendMessage
  Retry:
    - Errors: [FnF.ALL]
      Description: Retry policy #1
      MaxAttempts: 3
      IntervalSeconds: 10${backoff}
  End: true
`), {}, { call: { error: { code: 'MyCustomError', cause: 'always' } } }, 100, timers);
    // 100 times faster: 10 s is 100 ms.
    expect(timers.seconds(100).filter((s) => s > 0)).toEqual(seconds); // 0: the mocks answer at once
  });

  // Same page: the same first-match rule for Catch.
  test('of two Catch rules matching the error, the first one\'s Next is taken', async () => {
    const r = await run(machine('catches', 'call', `
- Type: Task
  Name: call
  Action: MNS:SendMessage
  Parameters:
    body: ok
  Catch:
    - Errors: [MyCustomError]
      Description: Error catch rule #1
      Next: first
    - Errors: [FnF.ALL]
      Description: Error catch rule #2
      Next: second
  End: true
- Type: Pass
  Name: first
  End: true
- Type: Pass
  Name: second
  End: true
`), {}, { call: { error: { code: 'MyCustomError', cause: 'always' } } });
    expect(r.entered).toEqual(['call', 'first']);
  });
});

describe('callbacks', () => {
  // https://alibabacloud.com/help/en/serverless-workflow/latest/data-transfer: "passing the task callback token, for example
  // $Context.Current.TaskToken"; https://help.aliyun.com/en/document_detail/2592915.html (service integration modes):
  // WaitForCustomCallback "sends a request with a task token and pauses until an external system calls back with the result",
  // the state advancing "after ReportTaskSucceeded or ReportTaskFailed is called".
  const flow = machine('approval', 'ask', `
- Type: Task
  Name: ask
  Action: FC:InvokeFunction
  TaskMode: WaitForCustomCallback
  Parameters:
    resourceArn: acs:fc:::services/demo.LATEST/functions/myFunction1
    invocationType: Async
    body:
      testKey.$: $Context.Current.TaskToken
  End: true
`);

  async function waiting(report: (token: string, engine: ReturnType<typeof createEngine>) => void) {
    const host = new MemoryHost(1000);
    const engine = createEngine({ host, tasks: new TaskRunner(CF_FUNCTIONS) });
    try {
      const exec = host.execution('approval-1');
      engine.start(exec, engine.compile(flow));
      await until(() => exec.events.some((e) => e.Type === 'TaskStarted'), 'TaskStarted');
      const scheduled = detailOf(exec.events.find((e) => e.Type === 'TaskScheduled')!) as { taskToken: string; input: { testKey: string } };
      expect(scheduled.input.testKey).toBe(scheduled.taskToken);
      report(scheduled.taskToken, engine);
      return await host.ended(exec);
    } finally {
      await engine.close();
    }
  }

  test('the function gets $Context.Current.TaskToken; ReportTaskSucceeded\'s output is the state\'s output', async () => {
    expect(await waiting((token, engine) => engine.reportTask(token, { output: '{"approved": true}' })))
      .toEqual({ status: 'Succeeded', output: '{"approved":true}' });
  });

  test('ReportTaskFailed fails the state with the reported error and cause', async () => {
    expect(await waiting((token, engine) => engine.reportTask(token, { error: 'Rejected', cause: 'not today' })))
      .toMatchObject({ status: 'Failed', error: 'Rejected', cause: 'not today' });
  });
});

describe('HTTP', () => {
  // https://help.aliyun.com/document_detail/2593203.html (集成HTTP), 参数说明: body "if a string, sent as the request body as it is; if an
  // object or array, converted to JSON first"; headers "the request headers"; method GET, POST, PATCH, PUT, DELETE, HEAD.
  // WaitForCustomCallback: the token goes in the X-FnF-Http-Callback-Task-Token header, "and the user may also reference
  // $Context.Current.TaskToken in the parameters to choose the token's own key".
  const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      res.end('ok');
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => server.close());

  const request = (parameters: string, mode = 'RequestComplete') => machine('MyWorkflow', 'Request', `
- Type: Task
  Name: Request
  Action: HTTP:Request
  TaskMode: ${mode}
  Parameters:
    url: ${url}
${parameters}
  End: true
`);

  test('an object body goes as JSON, a string body as it is, with the given headers and method', async () => {
    seen.length = 0;
    await run(request('    method: POST\n    headers:\n      key1: value1\n    body:\n      name: zhang\n      age: 18'));
    await run(request('    method: PUT\n    body: this is a string'));
    expect(seen.map(({ method, body }) => ({ method, body }))).toEqual([
      { method: 'POST', body: '{"name":"zhang","age":18}' },
      { method: 'PUT', body: 'this is a string' },
    ]);
    expect(seen[0]!.headers.key1).toBe('value1');
  });

  test('a callback request may carry $Context.Current.TaskToken under a header of its own', async () => {
    seen.length = 0;
    const host = new MemoryHost(1000);
    const engine = createEngine({ host, tasks: new TaskRunner(CF_FUNCTIONS) });
    try {
      const exec = host.execution('http-token');
      engine.start(exec, engine.compile(request('    method: POST\n    headers:\n      my-token.$: $Context.Current.TaskToken', 'WaitForCustomCallback')));
      await until(() => seen.length > 0, 'the HTTP request');
      const token = (detailOf(exec.events.find((e) => e.Type === 'TaskScheduled')!) as { taskToken: string }).taskToken;
      expect(seen[0]!.headers['my-token']).toBe(token);
      expect(seen[0]!.headers['x-fnf-http-callback-task-token']).toBe(token);
      engine.reportTask(token, { output: '{"done": true}' });
      expect(await host.ended(exec)).toEqual({ status: 'Succeeded', output: '{"done":true}' });
    } finally {
      await engine.close();
    }
  });
});

// The integration pages show one flow each; the local endpoint runs any Action from a handler or a mocks answer,
// so each page's flow must load as written and give the answer back as the task's $Output.
describe('integration pages: the flows load as written and run on a local answer', () => {
  const pages: Array<[string, string, string]> = [
    // https://help.aliyun.com/document_detail/2593184.html (en: help.aliyun.com/en/document_detail/2593184.html)
    ['MNS:SendMessage', 'SendMessage', `
  Action: MNS:SendMessage
  TaskMode: RequestComplete
  Description: Send a message to an SMQ queue
  Parameters:
    resourceArn: acs:mns:cn-hangzhou:1231231****:/queues/fnf-mns-queues/messages
    message:
      body: ok
    priority: 1
    delaySeconds: 10
    messageTag: aaa
    messageAttributes:
      MailAttributes:
        Subject: subject
        AccountName: account
        AddressType: 123
        IsHTML: true
        ReplyToAddress: 456
      SMSAttributes:
        FreeSignName: test-free-sign-name
        TemplateCode: test-template-code
        Type: test-type
        Receiver: test-receiver
        SmsParams: test-sms-params`],
    // https://help.aliyun.com/en/document_detail/2400188.html and
    // https://www.alibabacloud.com/help/en/serverless-workflow/latest/integrating-cloud-workflows
    ['FNF:StartExecution', 'StartExecution', `
  Action: FNF:StartExecution
  TaskMode: RequestComplete
  Description: an example of workflow invocation
  Parameters:
    resourceArn: acs:fnf:cn-hangzhou::flow/test-workflow
    executionName: theExecutionName
    input:
      key: value1`],
    // https://help.aliyun.com/en/document_detail/2573663.html (zh: help.aliyun.com/document_detail/2573663.html)
    ['OSS:GetObject', 'GetObject', `
  Action: OSS:GetObject
  TaskMode: RequestComplete
  Parameters:
    region: cn-hangzhou
    bucket: thebucketname
    key: fileKey
    versionId: CAEQMxiBgMCZov2D0BYiIDY4MDllOTc2YmY5MjQxMzdiOGI3OTlhNTU0ODIx**
    range: 1024-
    ifMatch: fba9dede5f27731c9771645a3986
    ifNoneMatch: 5B3C1A2E0563E1B002CC607C`],
    // https://help.aliyun.com/en/document_detail/2400202.html
    ['EventBridge:PutEvents', 'PutEvents', `
  Action: EventBridge:PutEvents
  TaskMode: RequestComplete
  Description: an example of integration with EventBridge
  Parameters:
    id: xxxxx-xxxx-xxxx-xxxx
    type: aliyuncvc:MeetingEvent:MemberOperate
    eventBusName: fnf-eb-bus
    subject: test-subject
    source: test-source
    data:
      eventContent:
        key1: val1
        key2: val2`],
  ];

  test.each(pages)('%s', async (action, name, task) => {
    const definition = machine('MyWorkflow', name, `
- Type: Task
  Name: ${name}${task}
  End: true
`);
    accepts(definition);
    const r = await run(definition, {}, { [`action:${action}`]: { output: { answered: action } } });
    expect(outputOf(r)).toEqual({ answered: action });
  });
});
