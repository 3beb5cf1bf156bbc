// The CloudFlow examples of Alibaba Cloud's help pages, each run through the
// real engine in-process (the in-memory host of test/local/engine) and held to
// the result its page documents. The page is named beside each example; where
// a page shows only the definition, the test holds what its text says.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import { loadMocks, type Mocks } from '../../src/local/engine/mocks.js';
import { TaskRunner } from '../../src/local/engine/tasks.js';
import { writeFlowsDir } from '../helpers/endpoint.js';
import { detailOf, eventTypes, MemoryHost, until } from '../local/engine/memory-host.js';
import { accepts, CF_FUNCTIONS, outputOf, refusal, run } from './cloudflow-run.js';

describe('flow definition', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/process-definition-introduction: "it starts at the Greet state, runs the Pass state, and ends".
  test('the minimal flow: a Pass state passes its input on', async () => {
    const r = await run(`
Type: StateMachine
Name: hello-world
SpecVersion: v1
StartAt: Greet
States:
  - Type: Pass
    Name: Greet
    End: true
`, { name: 'Ada' });
    expect(r.entered).toEqual(['Greet']);
    expect(outputOf(r)).toEqual({ name: 'Ada' });
  });
});

describe('Pass', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/pass-pass: "After the Pass state is executed,
  // the system returns an object in the JSON object format. The value of FieldA is 123."
  test('an InputConstructor builds what the Pass state returns', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Pass1
States:
  - Type: Pass
    Name: Pass1
    End: true
    InputConstructor:
      FieldA: 123
`, { other: true });
    expect(outputOf(r)).toEqual({ FieldA: 123 });
  });
});

describe('Wait', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/wait-wait: "The following flow pauses for 12 seconds before ending".
  test('Seconds: 12 pauses 12 seconds', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Wait1
States:
  - Type: Wait
    Name: Wait1
    Seconds: 12
    End: true
`, { a: 1 });
    expect(detailOf(r.exec.events.find((e) => e.Type === 'StepEntered')!).seconds).toBe(12);
    expect(outputOf(r)).toEqual({ a: 1 });
  });

  // Same page: "Seconds.$: $Input.timeout reads the timeout value from the flow input".
  test('Seconds.$: $Input.timeout waits as long as the input says', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: DynamicWait
States:
  - Type: Wait
    Name: DynamicWait
    Seconds.$: $Input.timeout
    End: true
`, { timeout: 3 });
    expect(detailOf(r.exec.events.find((e) => e.Type === 'StepEntered')!).seconds).toBe(3);
  });

  // The page's 2023 version: UntilDateTime is an RFC 3339 time or an input path such as $Input.timeField;
  // "If the specified time is earlier than the current time", the flow goes on at once.
  test('UntilDateTime, given or read from the input, waits until that time', async () => {
    for (const [until, input] of [['2023-10-02T15:04:05Z', {}], ['$Input.timeField', { timeField: '2023-10-02T15:04:05Z' }]] as const) {
      const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Wait1
States:
  - Type: Wait
    Name: Wait1
    UntilDateTime: ${until}
    End: true
`, input);
      expect(r.result.status).toBe('Succeeded');
      expect(detailOf(r.exec.events.find((e) => e.Type === 'StepEntered')!).seconds).toBe(0);
    }
  });
});

describe('Choice', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/select-choice: "If the value of status in the input is ready, Pass2 of the first choice is executed;
  // otherwise the default, Pass1".
  const flow = `
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Choice1
States:
  - Type: Choice
    Name: Choice1
    Branches:
      - Condition: $Input.status == "ready"
        Next: Pass2
    Default: Pass1
  - Type: Pass
    Name: Pass1
    End: true
  - Type: Pass
    Name: Pass2
    End: true
`;
  test.each([['ready', 'Pass2'], ['waiting', 'Pass1']])('status %s goes to %s', async (status, state) => {
    expect((await run(flow, { status })).entered).toEqual(['Choice1', state]);
  });

  test('a Choice state takes neither Next nor End', () => {
    const err = refusal(flow.replace('    Default: Pass1', '    Default: Pass1\n    End: true'));
    expect([err.where, err.line, err.message]).toEqual(['States[0].End', 13, expect.stringContaining('has no End')]);
  });
});

describe('Parallel', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/parallel: the use case's two branches with one
  // Pass state each (its Pass1 is the Succeed page's Succeed1 made a Pass); "the Parallel state collects the results
  // into a single map[string]any output. Each branch's result is stored under a key named Branch<Index>".
  const flow = (first: 'Pass' | 'Succeed') => `
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Parallel1
States:
  - Type: Parallel
    Name: Parallel1
    End: true
    Branches:
      - StartAt: ${first}1
        States:
          - Type: ${first}
            Name: ${first}1
            OutputConstructor:
              FieldA: 123${first === 'Pass' ? '\n            End: true' : ''}
      - StartAt: Pass2
        States:
          - Type: Pass
            InputConstructor:
              FieldA: 321
            Name: Pass2
            End: true
`;
  test('the output holds each branch under Branch<Index>', async () => {
    expect(outputOf(await run(flow('Pass'), { order: 7 }))).toEqual({ Branch0: { FieldA: 123 }, Branch1: { FieldA: 321 } });
  });

  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/succeeded: "a Succeed state can be seen as a
  // Pass state with End: true built in": Succeed1 completes branch #0, and Parallel1 completes with both branches.
  test('a Succeed state ends its branch the way a Pass with End: true does', async () => {
    const r = await run(flow('Succeed'), { order: 7 });
    expect(outputOf(r)).toEqual({ Branch0: { FieldA: 123 }, Branch1: { FieldA: 321 } });
    expect(r.entered).toEqual(expect.arrayContaining(['Parallel1', 'Succeed1', 'Pass2']));
  });

  // Same page, Limits: "Maximum number of branches per Parallel state: 50".
  test('more than 50 branches are refused', () => {
    const branch = '      - StartAt: P\n        States:\n          - Type: Pass\n            Name: P\n            End: true\n';
    const err = refusal(`Type: StateMachine\nName: wide\nSpecVersion: v1\nStartAt: Wide\nStates:\n  - Type: Parallel\n    Name: Wide\n    End: true\n    Branches:\n${branch.repeat(51)}`);
    expect([err.where, err.message]).toEqual(['States[0].Branches', 'has 51 branches; a Parallel state takes at most 50']);
  });
});

describe('Map', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/inline-mode: ItemsPath "$Input.FieldA"; "After all sub-flows complete, merge results into a
  // map[string]any output under the Items key"; the page spells the limit MaxConcuccency.
  test('inline mode: each element runs the Processor, the outputs come back under Items', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Map1
States:
  - Type: Map
    Name: Map1
    Description: describe it here
    ItemsPath: $Input.FieldA
    MaxConcuccency: 2
    Processor:
      StartAt: Pass1
      States:
        - Type: Pass
          Name: Pass1
          OutputConstructor:
            seen.$: $Input
          End: true
    End: true
`, { FieldA: ['a', 'b', 'c'] });
    expect(outputOf(r)).toEqual({ Items: [{ seen: 'a' }, { seen: 'b' }, { seen: 'c' }] });
  });

  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/distributed-mode: ProcessorConfig.ExecutionMode Express runs each iteration as a sub-workflow;
  // "ItemConstructor: references the items of the original input with $Item; each item can be constructed".
  test('distributed mode: ItemConstructor builds each iteration input from $Item and $Input', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Map1
States:
  - Type: Map
    Name: Map1
    ItemsPath: $Input.files
    ItemConstructor:
      key.$: $Item
      bucket.$: $Input.bucket
    ProcessorConfig:
      ExecutionMode: Express
    MaxConcuccency: 40
    Processor:
      StartAt: Pass1
      States:
        - Type: Pass
          Name: Pass1
          End: true
    End: true
`, { bucket: 'b1', files: ['x.txt', 'y.txt'] });
    expect(outputOf(r)).toEqual({ Items: [{ key: 'x.txt', bucket: 'b1' }, { key: 'y.txt', bucket: 'b1' }] });
  });

  test('ItemReader needs OSS: the step fails with the reason', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Map1
States:
  - Type: Map
    Name: Map1
    ItemReader:
      SourceType: OSS_OBJECTS
      SourceParameters:
        Bucket: example-bucket
    ProcessorConfig:
      ExecutionMode: Express
    Processor:
      StartAt: Pass1
      States:
        - Type: Pass
          Name: Pass1
          End: true
    End: true
`);
    expect(r.result).toMatchObject({ status: 'Failed', error: 'FnF.InvalidArgument', cause: expect.stringContaining('ItemReader works with OSS') });
  });
});

describe('Fail', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/fail: Code "customBizCode", Detail "my custom error"; the flow ends with that error.
  test('ends the execution with its Code and Detail', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Fail1
States:
  - Type: Fail
    Name: Fail1
    Code: customBizCode
    Detail: my custom error
`);
    expect(r.result).toEqual({ status: 'Failed', error: 'customBizCode', cause: 'my custom error' });
  });
});

describe('data passing', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/data-transfer: the $Context structure: Execution {Name, Input}, Current {Name, Input, RetryCount}.
  test('$Context holds the execution and the current state', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Show
States:
  - Type: Pass
    Name: Show
    InputConstructor:
      fromInput.$: $Input.a
    OutputConstructor:
      execution.$: $Context.Execution.Name
      executionInput.$: $Context.Execution.Input
      state.$: $Context.Current.Name
      stateInput.$: $Context.Current.Input
      retries.$: $Context.Current.RetryCount
    End: true
`, { a: 1 });
    expect(outputOf(r)).toEqual({ execution: 'docs-1', executionInput: { a: 1 }, state: 'Show', stateInput: { fromInput: 1 }, retries: 0 });
  });
});

describe('global variables', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/global-io: "state A uses GlobalConstructor to
  // store the data of $Input.key_a (from the upstream input) in variable_a, and the data of $Output.key_b of its own
  // output in variable_b. The workflow then uses InputConstructor to extract variable_a and variable_b and pass them
  // to state Z as input". $Output in GlobalConstructor is the raw output, not what OutputConstructor built; $Global
  // in OutputConstructor is the value before GlobalConstructor.
  test('GlobalConstructor writes $Global; a later state reads it', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: A
States:
  - Type: Task
    Name: A
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/demo/functions/myFunction1
      invocationType: Sync
      body:
        testKey: b-value
    GlobalConstructor:
      variable_a.$: $Input.key_a
      variable_b.$: $Output.Body.received
    OutputConstructor:
      before.$: $Global.variable_a
    Next: Z
  - Type: Pass
    Name: Z
    InputConstructor:
      a.$: $Global.variable_a
      b.$: $Global.variable_b
      fromA.$: $Input.before
    End: true
`, { key_a: 'a-value' });
    expect(r.outputs.A).toEqual({ before: null });
    expect(outputOf(r)).toEqual({ a: 'a-value', b: 'b-value', fromA: null });
  });
});

describe('error handling', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/error-handling: a Retry rule (Errors, Description, MaxAttempts, IntervalSeconds, BackoffRate,
  // MaxBackoffSeconds) runs first; once it is spent the first matching Catch rule goes to its Next, with what its
  // OutputConstructor builds; data-transfer: the error is $Context.Current.Error {Code, Detail}.
  test('Retry, then Catch with FnF.ALL; $Context.Current.Error has Code and Detail', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Mytestfc
States:
  - Type: Task
    Name: Mytestfc
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      resourceArn: acs:fc:::services/demo.LATEST/functions/customError
      invocationType: Sync
    Retry:
      - Errors: [MyCustomError]
        Description: Retry policy #1
        MaxAttempts: 2
        IntervalSeconds: 1
        BackoffRate: 2
        MaxBackoffSeconds: 30
    Catch:
      - Errors: [FnF.ALL]
        Description: Error catch
        OutputConstructor:
          code.$: $Context.Current.Error.Code
          detail.$: $Context.Current.Error.Detail
          retries.$: $Context.Current.RetryCount
        Next: Pass1
    End: true
  - Type: Pass
    Name: Pass1
    End: true
`);
    expect(eventTypes(r.exec).filter((t) => t === 'TaskFailed')).toHaveLength(3);
    expect(outputOf(r)).toEqual({ code: 'MyCustomError', detail: 'the order total is negative', retries: 2 });
  });

  // The docs name no output for a caught state but what its OutputConstructor builds: without one, the error goes on.
  test('a Catch without OutputConstructor passes the error {Code, Detail} on', async () => {
    const r = await run(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: Mytestfc
States:
  - Type: Task
    Name: Mytestfc
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/demo.LATEST/functions/customError
      invocationType: Sync
    Catch:
      - Errors: [MyCustomError]
        Next: Pass1
    End: true
  - Type: Pass
    Name: Pass1
    End: true
`);
    expect(outputOf(r)).toEqual({ Code: 'MyCustomError', Detail: 'the order total is negative' });
  });

  // The rule fields the page's tables list; anything else, or a required one missing, is refused.
  test.each([
    ['a Retry rule with an unknown field', 'Retry:\n      - Errors: [FnF.ALL]\n        MaxAttempt: 3\n        IntervalSeconds: 1', 'States[0].Retry[0].MaxAttempt', 'unknown field "MaxAttempt" in a Retry rule'],
    ['a Retry rule without MaxAttempts', 'Retry:\n      - Errors: [FnF.ALL]\n        IntervalSeconds: 1', 'States[0].Retry[0]', 'missing MaxAttempts'],
    ['a Retry rule with IntervalSeconds over 86400', 'Retry:\n      - Errors: [FnF.ALL]\n        MaxAttempts: 3\n        IntervalSeconds: 90000', 'States[0].Retry[0].IntervalSeconds', 'must be at most 86400 seconds'],
    ['a Catch rule with an unknown field', 'Catch:\n      - Errors: [FnF.ALL]\n        Output: {}\n        Next: T', 'States[0].Catch[0].Output', 'unknown field "Output" in a Catch rule'],
    ['a Catch rule without Next', 'Catch:\n      - Errors: [FnF.ALL]', 'States[0].Catch[0]', 'missing Next'],
  ])('%s is refused', (_what, rules, where, message) => {
    const err = refusal(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: T
States:
  - Type: Task
    Name: T
    Action: HTTP:Request
    Parameters:
      url: http://127.0.0.1:1/
    ${rules}
    End: true
`);
    expect([err.where, err.message]).toEqual([where, expect.stringContaining(message)]);
  });
});

describe('Function Compute', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/integrated-function-compute: the page's flow, a Sync call of myFunction1 with body testKey, then an
  // Async call of myFunction2. $Output is the service's response: the function's result is its Body (Alibaba's
  // best-practice flows read $Output.Body.<field>); an Async call does not wait for the function.
  const flow = `
Type: StateMachine
Name: MyWorkflow
SpecVersion: v1
StartAt: sync
States:
  - Name: sync
    Type: Task
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      resourceArn: acs:fc:::services/myService1.LATEST/functions/myFunction1
      invocationType: Sync
      body:
        testKey: the testKey of the event
    Next: async
  - Name: async
    Type: Task
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      resourceArn: acs:fc:::services/myService2.LATEST/functions/myFunction2
      invocationType: Async
      body:
        key1: value1
        key2: value2
    End: true
`;
  test('Sync: the function result is $Output.Body; Async: no body', async () => {
    const r = await run(flow);
    expect(r.outputs.sync).toEqual({ Body: { received: 'the testKey of the event' }, StatusCode: 200, Headers: {} });
    expect(r.outputs.async).toEqual({ Body: '', StatusCode: 202, Headers: {} });
  });

  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/service-integration-pattern: with
  // WaitForSystemCallback an Async invocation is waited for: "the workflow waits for the task to complete".
  test('WaitForSystemCallback waits for an Async function and gives its result', async () => {
    const r = await run(flow.replace('TaskMode: RequestComplete\n    Parameters:\n      resourceArn: acs:fc:::services/myService2', 'TaskMode: WaitForSystemCallback\n    Parameters:\n      resourceArn: acs:fc:::services/myService2'));
    expect(r.outputs.async).toEqual({ Body: { ignored: { key1: 'value1', key2: 'value2' } }, StatusCode: 200, Headers: {} });
  });

  test('an invocationType other than Sync or Async is refused', () => {
    const err = refusal(flow.replace('invocationType: Async', 'invocationType: async'));
    expect([err.where, err.line, err.message]).toEqual(['States[1].Parameters.invocationType', 23, 'unknown invocationType "async" (expected Sync or Async)']);
  });

  test('an FC task without a resourceArn is refused', () => {
    const err = refusal(flow.replace('      resourceArn: acs:fc:::services/myService2.LATEST/functions/myFunction2\n', ''));
    expect([err.where, err.message]).toEqual(['States[1].Parameters', expect.stringContaining('needs Parameters.resourceArn')]);
  });
});

describe('Task', () => {
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/task-task: Timeout is a string of seconds from 0 to 604800 (0: never), or Timeout.$ from the context;
  // a task over its time fails with FnF.Timeout (error-handling).
  const flow = (timeout: string) => `
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
StartAt: slow
States:
  - Type: Task
    Name: slow
    Action: FC:InvokeFunction
    ${timeout}
    Parameters:
      resourceArn: acs:fc:::services/demo/functions/sleepy
      invocationType: Sync
      body:
        ms: 300
    Catch:
      - Errors: [FnF.Timeout]
        Next: late
    OutputConstructor:
      slept.$: $Output.Body.slept
    End: true
  - Type: Pass
    Name: late
    End: true
`;
  test('Timeout "30" lets the task finish; Timeout.$ from the input times it out', async () => {
    // In real time: 30 s is plenty for a 300 ms function, 1 ms is not.
    expect(outputOf(await run(flow('Timeout: "30"'), {}, undefined, 1))).toEqual({ slept: 300 });
    expect(outputOf(await run(flow('Timeout.$: $Input.timeout'), { timeout: 0.001 }, undefined, 1))).toEqual({ Code: 'FnF.Timeout', Detail: 'the task did not finish within 0.001 s' });
  });

  test('a Timeout over 604800 is refused', () => {
    const err = refusal(flow('Timeout: 604801'));
    expect([err.where, err.line, err.message]).toEqual(['States[0].Timeout', 10, 'must be a number of seconds from 0 (none) to 604800']);
  });

  test('a Task without an Action is refused', () => {
    const err = refusal(flow('Timeout: 1').replace('    Action: FC:InvokeFunction\n', ''));
    expect([err.where, err.message]).toEqual(['States[0]', 'missing Action']);
  });
});

describe('HTTP', () => {
  // help.aliyun.com/document_detail/2593203.html (集成HTTP): the page's Request state (method Get); "the result is
  // wrapped in a JSON object": {"Header": {...}, "Code": 200, "Body": "hello world"}.
  let server: Server;
  let url: string;
  const tokens: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const token = req.headers['x-fnf-http-callback-task-token'];
      if (typeof token === 'string') tokens.push(token);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello world');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => server.close());

  test('the output is {Header, Code, Body}', async () => {
    const r = await run(`
Type: StateMachine
Name: MyWorkflow
SpecVersion: v1
StartAt: Request
States:
  - Type: Task
    Name: Request
    Action: HTTP:Request
    TaskMode: RequestComplete
    Description: an HTTP call
    Parameters:
      url: ${url}
      method: Get
    End: true
`);
    expect(outputOf(r)).toMatchObject({ Header: { 'Content-Type': 'text/plain' }, Code: 200, Body: 'hello world' });
  });

  // Same page: with WaitForCustomCallback the flow pauses until the called system reports back; "the Token is passed
  // to the called system in a Header ... X-FnF-Http-Callback-Task-Token".
  test('a callback request carries its task token; the report completes the task', async () => {
    const host = new MemoryHost(1000);
    const engine = createEngine({ host, tasks: new TaskRunner(CF_FUNCTIONS) });
    const exec = host.execution('http-callback');
    engine.start(exec, engine.compile(`
Type: StateMachine
Name: MyWorkflow
SpecVersion: v1
StartAt: Request
States:
  - Type: Task
    Name: Request
    Action: HTTP:Request
    TaskMode: WaitForCustomCallback
    Parameters:
      url: ${url}
      method: POST
      body: approve me
    End: true
`));
    try {
      await until(() => tokens.length > 0, 'a task token');
      const scheduled = exec.events.find((e) => e.Type === 'TaskScheduled')!;
      expect(tokens).toEqual([detailOf(scheduled).taskToken]);
      engine.reportTask(tokens[0]!, { output: '{"approved": true}' });
      expect(await host.ended(exec)).toEqual({ status: 'Succeeded', output: '{"approved":true}' });
    } finally {
      await engine.close();
    }
  });
});

describe('other Actions', () => {
  const flow = `
Type: StateMachine
Name: events
SpecVersion: v1
StartAt: publish
States:
  - Type: Task
    Name: publish
    Action: EventBridge:PutEvents
    Parameters:
      Events.$: $Input.events
    Next: summarise
  - Type: Task
    Name: summarise
    Action: DashScope:QwenTextGeneration
    Parameters:
      prompt: summarise
    Next: notify
  - Type: Task
    Name: notify
    Action: MNS:SendMessage
    Parameters:
      QueueName: orders
    Catch:
      - Errors: [MNS.QueueNotExist]
        Next: done
        OutputConstructor:
          published.$: $Input.published
          failed.$: $Context.Current.Error.Code
    End: true
  - Type: Pass
    Name: done
    End: true
`;

  async function mocksFile(text: string): Promise<Mocks> {
    return loadMocks(join(writeFlowsDir({ 'mocks.yaml': text }), 'mocks.yaml'));
  }

  test('a handler module named after the Action, then mocks by state name and by Action', async () => {
    const mocks = {
      summarise: { output: { output: { text: 'three events' } } },
      'action:MNS:SendMessage': { error: { code: 'MNS.QueueNotExist', cause: 'no queue named orders' } },
    };
    const r = await run(flow.replace('    Next: notify', '    OutputConstructor:\n      published.$: $Input.published\n      text.$: $Output.output.text\n    Next: notify')
      .replace('    Next: summarise', '    OutputConstructor:\n      published.$: $Output.EntryCount\n    Next: summarise'), { events: [1, 2, 3] }, mocks);
    expect(r.outputs.publish).toEqual({ published: 3 });
    expect(r.outputs.summarise).toEqual({ published: 3, text: 'three events' });
    expect(outputOf(r)).toEqual({ published: 3, failed: 'MNS.QueueNotExist' });
  });

  test('with neither, the task fails naming the file to create', async () => {
    const r = await run(flow, { events: [] });
    expect(r.result).toEqual({
      status: 'Failed',
      error: 'FnF.ActionNotSupported',
      cause: `no local handler for Action DashScope:QwenTextGeneration: create ${join(CF_FUNCTIONS, 'DashScope.QwenTextGeneration.mjs')}, or answer the state "summarise" in a --mocks file`,
    });
  });

  // The format of fnf test's mocks, so an entry copies from a test file to a --mocks file and back.
  test.each([
    ['an unknown key', 'summarise: {result: 1}\n', ':1: summarise.result: unknown key "result" (expected output, error, handler, after)'],
    ['an error without its code', 'summarise:\n  error: {cause: x}\n', ':2: summarise.error: missing code'],
    ['an error spelt as $Context.Current.Error', 'summarise:\n  error: {Code: X, Detail: x}\n', ':2: summarise.error.Code: unknown key "Code" (expected code, cause)'],
    ['an Action without action:', 'notify: {output: {}}\nMNS:SendMessage: {output: {}}\n',
      ':2: MNS:SendMessage: "MNS:SendMessage" reads as a state\'s name; for every task with the Action MNS:SendMessage, write action:MNS:SendMessage'],
    ['an action: key that is no Action', 'action:SendMessage: {output: {}}\n', ':1: action:SendMessage: "SendMessage" is not an Action (action:<Service>:<Operation>, for example action:MNS:SendMessage)'],
    ['a bad after', 'summarise: [{output: {}}, {output: {}, after: soon}]\n', ':1: summarise[1].after: must be a duration such as 90s, 2h, 1d or 1h30m (a number is seconds)'],
    ['a missing handler file', 'summarise: {handler: nope.mjs}\n', ':1: summarise.handler: no such file: '],
    ['not a mapping', '- summarise\n', ':1: must be a mapping of a Task state\'s name, fn:[<service>/]<function name> or action:<Service>:<Operation> to answers'],
  ])('a mocks file with %s is one error naming its line', async (_what, text, message) => {
    const err = await mocksFile(text).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/mocks\.yaml:\d/);
    expect(err?.message).toContain(`mocks.yaml${message}`);
  });
});

describe('fields the pages show are accepted', () => {
  test('Description on states and rules, Comment, Retry without the optional fields', () => {
    accepts(`
Type: StateMachine
Name: my-wkfl
SpecVersion: v1
Description: a flow
StartAt: T
States:
  - Type: Task
    Name: T
    Description: describe it here
    Comment: kept as written
    Action: OSS:PutObject
    Timeout: 0
    Retry:
      - Errors: [FnF.ALL]
        MaxAttempts: 1
        IntervalSeconds: 1
    End: true
`);
  });
});
