// Every example of the older FDL's help pages, run through the real engine
// in-process, with the result its page documents. The page address sits
// beside each example; where a page shows a definition but not its result,
// the test checks what the page's text says the flow does.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import { detailOf, MemoryHost, RecordingTimers, until } from '../local/engine/memory-host.js';
import { refusal } from './cloudflow-run.js';

const FUNCTIONS = join(dirname(fileURLToPath(import.meta.url)), 'fdl-functions');
const host = new MemoryHost(100);
const timers = new RecordingTimers();
const engine = createEngine({ host, functionsDir: FUNCTIONS, timers });
afterAll(() => engine.close());

let runs = 0;

/** Starts the flow; `report` answers a waitForCallback task once it waits. */
async function run(definition: string, input: unknown = {}, report?: (token: string) => void) {
  const flow = engine.compile(definition);
  const exec = host.execution(`fdl-doc-${++runs}`, input);
  engine.start(exec, flow);
  if (report) {
    await until(() => exec.events.some((e) => e.Type === 'TaskScheduled'), 'TaskScheduled');
    report(detailOf(exec.events.find((e) => e.Type === 'TaskScheduled')!).taskToken as string);
  }
  const result = await host.ended(exec);
  const ofType = (type: string) => exec.events.filter((e) => e.Type === type);
  return {
    status: result.status,
    output: result.status === 'Succeeded' ? JSON.parse(result.output) : undefined,
    error: result.status === 'Succeeded' ? undefined : { error: result.error, cause: result.cause },
    entered: ofType('StepEntered').map((e) => e.StepName),
    exited: (name: string) => detailOf(ofType('StepExited').find((e) => e.StepName === name)!).output,
    ofType,
  };
}

describe('FDL overview', () => {
  // https://help.aliyun.com/document_detail/122492.html (en: /help/en/serverless-workflow/latest/flow-definition-language-overview)
  const hello = `
version: v1
type: flow
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:{region}:{accountID}:services/fnf_test/functions/hello
`;
  test('a task step calls the function; without outputMappings the flow outputs its $local, the function result', async () => {
    const r = await run(hello, { name: 'fnf' });
    expect(r.status).toBe('Succeeded');
    expect(r.output).toEqual({ message: 'hello, fnf' });
  });

  const nested = `
version: v1
type: flow
steps:
  - type: parallel
    name: step1
    branches:
      - steps:
        - type: pass
          name: step2
      - steps:
        - type: pass
          name: step3
  - type: pass
    name: step4
`;
  test('step1 (parallel) holds step2 and step3, then step4 runs', async () => {
    const r = await run(nested, { a: 1 });
    expect(r.status).toBe('Succeeded');
    expect(r.entered.sort()).toEqual(['step1', 'step2', 'step3', 'step4']);
    expect(r.entered[0]).toBe('step1');
    // A pass step has an empty $local, a parallel step without outputMappings an empty output.
    expect(r.exited('step1')).toEqual({});
    expect(r.output).toEqual({});
  });

  test('version and type are required; v1 and v1beta1 (Terraform, Serverless Devs examples) are accepted', async () => {
    const body = 'steps:\n  - type: pass\n    name: p\n';
    expect(refusal(`type: flow\n${body}`)).toMatchObject({ message: 'missing version', line: 1 });
    expect(refusal(`version: v1\n${body}`)).toMatchObject({ message: 'missing type', line: 1 });
    expect(refusal(`version: v2\ntype: flow\n${body}`)).toMatchObject({ where: 'version', line: 1 });
    expect(refusal(`version: v1\ntype: workflow\n${body}`)).toMatchObject({ where: 'type', line: 2 });
    expect((await run(`version: v1beta1\ntype: flow\n${body}`)).status).toBe('Succeeded');
  });

  test('flow inputMappings shape the input from the execution input; outputMappings the output from the flow input and $local', async () => {
    // The overview lists both; its $input is StartExecution's Input, its $local the merged outputs of the steps.
    const r = await run(`
version: v1
type: flow
inputMappings:
  - target: name
    source: $input.user.name
outputMappings:
  - target: greeting
    source: $local.message
  - target: who
    source: $input.name
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:{region}:{accountID}:services/fnf_test/functions/hello
`, { user: { name: 'Ada' }, noise: true });
    expect(r.output).toEqual({ greeting: 'hello, Ada', who: 'Ada' });
  });

  test('timeoutSeconds: an execution that runs longer ends TimedOut', async () => {
    // "timeoutSeconds (optional): the flow times out if its execution exceeds it" (overview).
    const flow = (seconds: number) => `version: v1\ntype: flow\ntimeoutSeconds: ${seconds}\nsteps:\n  - type: wait\n    name: nap\n    duration: 20\n`;
    const late = await run(flow(1));
    expect(late.status).toBe('TimedOut');
    expect(late.error?.error).toBe('FnF.Timeout');
    expect(late.ofType('ExecutionTimedOut')).toHaveLength(1);
    expect(late.ofType('StepExited')).toHaveLength(0);
    expect((await run(flow(60))).status).toBe('Succeeded');
  });

  test('end: true ends the steps: the step after it does not run', async () => {
    // "To end the flow early, use the end property of a step" (overview).
    const r = await run(`
version: v1
type: flow
steps:
  - type: pass
    name: first
    end: true
    outputMappings:
      - target: done
        source: true
  - type: fail
    name: never
    error: ShouldNotRun
`);
    expect(r.status).toBe('Succeeded');
    expect(r.entered).toEqual(['first']);
    expect(r.output).toEqual({ done: true });
  });
});

describe('inputs and outputs', () => {
  // https://help.aliyun.com/document_detail/122493.html
  test('without inputMappings a child step gets its parent input merged with the parent $local (the $local wins)', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: pass
    name: first
    outputMappings:
      - target: a
        source: from-local
  - type: task
    name: echo
    resourceArn: acs:fc:::services/s/functions/echo
`, { a: 'from-input', b: 2 });
    expect(r.exited('echo')).toEqual({ a: 'from-local', b: 2 });
    expect(r.output).toEqual({ a: 'from-local', b: 2 });
  });

  test('a later step overwrites keys of the same name in the parent $local', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: pass
    name: one
    outputMappings:
      - {target: k, source: 1}
      - {target: first, source: true}
  - type: pass
    name: two
    outputMappings:
      - {target: k, source: 2}
`);
    expect(r.output).toEqual({ k: 2, first: true });
  });

  test("a step's input and output together hold at most 32 KiB, or the execution fails", async () => {
    const flow = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: echo\n    resourceArn: acs:fc:::services/s/functions/echo\n';
    // echo gives back its input: 15 KiB in, 15 KiB out is within the limit; 17 KiB in, 17 KiB out is not.
    expect((await run(flow, { text: 'x'.repeat(15 * 1024) })).status).toBe('Succeeded');
    const over = await run(flow, { text: 'x'.repeat(17 * 1024) });
    expect(over.status).toBe('Failed');
    expect(over.error).toMatchObject({ error: 'FnF.StateDataLimitExceeded', cause: expect.stringContaining('32 KiB') });
  });

  test('mapping sources: $input, $local, $context and constants of any JSON type', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: pass
    name: seed
    outputMappings:
      - {target: seeded, source: 7}
  - type: task
    name: echo
    resourceArn: acs:fc:::services/s/functions/echo
    inputMappings:
      - {target: fromInput, source: $input.order.id}
      - {target: fromLocal, source: $local.seeded}
      - {target: step, source: $context.step.name}
      - {target: execution, source: $context.execution.name}
      - {target: list, source: [1, "two"]}
      - {target: object, source: {nested: true}}
      - {target: text, source: plain}
    outputMappings:
      - {target: echoed, source: $local}
      - {target: stepInput, source: $input.fromInput}
`, { order: { id: 'A1' } });
    expect(r.exited('echo')).toEqual({
      echoed: { fromInput: 'A1', fromLocal: 7, step: 'echo', execution: expect.stringMatching(/^fdl-doc-/), list: [1, 'two'], object: { nested: true }, text: 'plain' },
      stepInput: 'A1',
    });
  });
});

describe('pass step', () => {
  // https://help.aliyun.com/document_detail/122496.html
  test('toUpperCase outputs a constant array', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: pass
    name: toUpperCase
    outputMappings:
      - target: names
        source: ["A", "B", "C"]
`);
    expect(r.output).toEqual({ names: ['A', 'B', 'C'] });
  });
});

describe('task step', () => {
  // https://help.aliyun.com/document_detail/122494.html
  test('the step input is the function event; its $local the function result', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:cn-shanghai:123456789:services/fnf_test/functions/hello
    inputMappings:
      - target: name
        source: $input.who
`, { who: 'Lin', other: 1 });
    expect(detailOf(r.ofType('TaskScheduled')[0]!).input).toEqual({ name: 'Lin' });
    expect(r.output).toEqual({ message: 'hello, Lin' });
  });

  test('timeoutSeconds: a task past it fails with FnF.TaskTimeout, which retry and catch name', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: slow
    resourceArn: acs:fc:::services/s/functions/slow
    timeoutSeconds: 1
    catch:
      - errors: [FnF.TaskTimeout]
        goto: late
    errorMappings:
      - {target: code, source: $local.error}
  - type: pass
    name: late
`, { ms: 2000 });
    expect(r.ofType('TaskTimedOut')).toHaveLength(1);
    expect(r.output).toEqual({ code: 'FnF.TaskTimeout' });
  });

  test('a function result that is not a JSON object fails the step with FnF.InvalidLocal', async () => {
    const r = await run('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/s/functions/text\n');
    expect(r.error).toEqual({ error: 'FnF.InvalidLocal', cause: 'the task\'s result must be a JSON object (its $local), not "plain text"' });
  });

  test('pattern must be requestResponse, sync or waitForCallback', () => {
    const e = refusal(`
version: v1
type: flow
steps:
  - type: task
    name: t
    resourceArn: acs:fc:::services/s/functions/echo
    pattern: fireAndForget
`);
    expect(e).toMatchObject({ where: 'steps[0].pattern', line: 8 });
    expect(e.message).toContain('unknown pattern "fireAndForget"');
  });

  test('waitForCallback: $context.task.token reaches the function; the reported output is the step $local', async () => {
    // https://help.aliyun.com/document_detail/157027.html (MNS topic, wait-for-callback mode, maps the token the same way)
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/s/functions/echo
    pattern: waitForCallback
    inputMappings:
      - target: taskToken
        source: $context.task.token
`, {}, (token) => engine.reportTask(token, { output: JSON.stringify({ approved: true }) }));
    const scheduled = detailOf(r.ofType('TaskScheduled')[0]!);
    expect((scheduled.input as { taskToken: string }).taskToken).toBe(scheduled.taskToken);
    expect(r.output).toEqual({ approved: true });
  });
});

describe('callbacks', () => {
  // https://help.aliyun.com/en/document_detail/130496.html: ReportTaskSucceeded's {"key": "value"} becomes {"k": "value"}.
  test('mytask: the token reaches the function, the reported output is $local', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: mytask
    resourceArn: acs:fc:::services/{fc-service}/functions/echo
    pattern: waitForCallback # Specifies that the task step waits for a callback after submitting the task.
    inputMappings:
      - target: taskToken
        source: $context.task.token # Passes the taskToken from the context object as input to the function.
    outputMappings:
      - target: k
        source: $local.key # Maps the output {"key": "value"} from ReportTaskSucceeded to {"k": "value"}.
`, {}, (token) => engine.reportTask(token, { output: JSON.stringify({ key: 'value' }) }));
    expect(r.output).toEqual({ k: 'value' });
  });
});

describe('asynchronous function invocation', () => {
  // https://help.aliyun.com/document_detail/357640.html: serviceParams.InvocationType Sync or Async with each pattern.
  // (The stored page is cut before its definitions; these follow its table and parameter list.)
  const flow = (pattern: string, extra = '') => `
version: v1
type: flow
steps:
  - type: task
    name: mytask
    resourceArn: acs:fc:{region}:{account}:services/{serviceName}.{qualifier}/functions/hello
    pattern: ${pattern}
    serviceParams:
      InvocationType: Async
${extra}`;

  test('requestResponse: the flow goes on without the function result', async () => {
    const r = await run(flow('requestResponse'), { name: 'bg' });
    expect(r.status).toBe('Succeeded');
    expect(r.output).toEqual({});
  });

  test('sync: the step waits for the function result', async () => {
    expect((await run(flow('sync'), { name: 'later' })).output).toEqual({ message: 'hello, later' });
  });

  test('waitForCallback: the step waits for the report', async () => {
    const mapping = '    inputMappings:\n      - target: taskToken\n        source: $context.task.token\n';
    const r = await run(flow('waitForCallback', mapping), {}, (token) => engine.reportTask(token, { output: JSON.stringify({ reviewed: true }) }));
    expect(r.output).toEqual({ reviewed: true });
  });

  test('InvocationType is Sync or Async', () => {
    expect(refusal(flow('sync').replace('InvocationType: Async', 'InvocationType: Later')))
      .toMatchObject({ where: 'steps[0].serviceParams.InvocationType', line: 10 });
  });
});

describe('wait step', () => {
  // https://alibabacloud.com/help/en/serverless-workflow/latest/wait-steps
  const waited = (r: Awaited<ReturnType<typeof run>>) => detailOf(r.ofType('StepEntered')[0]!);

  test('wait20s: duration 20', async () => {
    const r = await run('version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: wait20s\n    duration: 20\n');
    expect(r.status).toBe('Succeeded');
    expect(waited(r).seconds).toBe(20);
    expect(r.output).toEqual({});
  });

  test('custom_wait: duration $.wait, read from the input', async () => {
    const r = await run('version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: custom_wait\n    duration: $.wait\n', { wait: 3 });
    expect(waited(r).seconds).toBe(3);
  });

  test('wait20s: timestamp 2019-05-02T15:04:05Z, already past, ends at once', async () => {
    const r = await run('version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: wait20s\n    timestamp: 2019-05-02T15:04:05Z\n');
    expect(r.status).toBe('Succeeded');
    expect(waited(r)).toMatchObject({ seconds: 0 });
  });

  test('custom_wait: timestamp $.wait_timestamp, read from the input', async () => {
    const until = new Date(Date.now() + 30_000).toISOString();
    const r = await run('version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: custom_wait\n    timestamp: $.wait_timestamp\n', { wait_timestamp: until });
    expect(r.status).toBe('Succeeded');
    expect(waited(r).seconds as number).toBeGreaterThan(25);
  });

  test('a path that does not lead to a number fails the step', async () => {
    const flow = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: custom_wait\n    duration: $.wait\n';
    const r = await run(flow, { wait: 'soon' });
    expect(r.status).toBe('Failed');
    expect(r.error).toMatchObject({ error: 'FnF.InvalidArgument', cause: expect.stringContaining('$.wait') });
    // "The maximum wait time is limited to two days."
    expect((await run(flow, { wait: 172801 })).error?.error).toBe('FnF.InvalidArgument');
  });

  test('the checker: exactly one of duration, timestamp; at most two days', () => {
    const head = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n';
    expect(refusal(head).message).toContain('exactly one of duration, timestamp');
    expect(refusal(`${head}    duration: 1\n    timestamp: $.t\n`).message).toContain('exactly one of duration, timestamp');
    expect(refusal(`${head}    duration: 172801\n`)).toMatchObject({ where: 'steps[0].duration', line: 6 });
    expect(refusal(`${head}    timestamp: tomorrow\n`)).toMatchObject({ where: 'steps[0].timestamp', line: 6 });
    expect(refusal(`${head}    duration: $.bad[\n`)).toMatchObject({ where: 'steps[0].duration', line: 6 });
  });
});

describe('choice step', () => {
  // https://help.aliyun.com/document_detail/122497.html
  const mychoice = `
version: v1
type: flow
steps:
  - type: choice
    name: mychoice
    choices:
      - condition: $.status == "ready"
        # choice with steps
        steps:
          - type: pass
            name: pass1
      - condition: $.status == "failed"
        # choice with goto
        goto: final
    default:
      # choice with both steps and goto
      steps:
        - type: pass
          name: pass2
      goto: final
  - type: pass
    name: pass3
  - type: pass
    name: final
`;
  test('status ready: pass1, then pass3 and final', async () => {
    expect((await run(mychoice, { status: 'ready' })).entered).toEqual(['mychoice', 'pass1', 'pass3', 'final']);
  });
  test('status failed: the goto ends the choice and runs final', async () => {
    expect((await run(mychoice, { status: 'failed' })).entered).toEqual(['mychoice', 'final']);
  });
  test('any other status: the default, pass2 then final (steps, then goto)', async () => {
    expect((await run(mychoice, { status: 'other' })).entered).toEqual(['mychoice', 'pass2', 'final']);
  });

  test('the choice $local is the result of the branch that ran', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
      - condition: $.n > 1
        steps:
          - type: pass
            name: big
            outputMappings:
              - {target: size, source: big}
`, { n: 5 });
    expect(r.exited('route')).toEqual({ size: 'big' });
    expect(r.output).toEqual({ size: 'big' });
  });

  test('a condition reads the step input ($.key); $local is not a condition variable', async () => {
    const flow = (condition: string) => `
version: v1
type: flow
steps:
  - type: pass
    name: seed
    outputMappings:
      - {target: n, source: 3}
  - type: choice
    name: c
    choices:
      - condition: ${condition}
        goto: yes
    default:
      goto: no
  - type: succeed
    name: yes
  - type: succeed
    name: no
`;
    // The default input mapping hands the choice its scope's $local merged into $.
    expect((await run(flow('$.n == 3'))).entered).toEqual(['seed', 'c', 'yes']);
    expect(refusal(flow('$local.n == 3'))).toMatchObject({ where: 'steps[1].choices[0].condition', line: 12 });
  });

  test('a goto names a sibling of the choice step', () => {
    const e = refusal(`
version: v1
type: flow
steps:
  - type: choice
    name: c
    choices:
      - condition: $.x == 1
        steps:
          - type: pass
            name: inner
        goto: inner
`);
    expect(e).toMatchObject({ where: 'steps[0].choices[0].goto', line: 12 });
    expect(e.message).toContain('no step named "inner"');
  });
});

describe('succeed step', () => {
  // https://help.aliyun.com/document_detail/122500.html
  const flow = `
version: v1
type: flow
steps:
  - type: choice
    name: mychoice
    choices:
      - condition: $.status == "ready"
        # choice with steps
        steps:
          - type: pass
            name: pass1
      - condition: $.status == "failed"
        # choice with goto
        goto: handle_failure
    default:
      # choice with both steps and goto
      steps:
        - type: pass
          name: pass2
      goto: handle_failure
  - type: succeed
    name: final
  - type: pass
    name: handle_failure
`;
  test('status ready: pass1 and final; final is a succeed step, so handle_failure does not run', async () => {
    const r = await run(flow, { status: 'ready' });
    expect(r.status).toBe('Succeeded');
    expect(r.entered).toEqual(['mychoice', 'pass1', 'final']);
  });
  test('status failed: handle_failure', async () => {
    expect((await run(flow, { status: 'failed' })).entered).toEqual(['mychoice', 'handle_failure']);
  });
  test('no status: pass2 and handle_failure', async () => {
    expect((await run(flow, {})).entered).toEqual(['mychoice', 'pass2', 'handle_failure']);
  });
});

describe('fail step', () => {
  // https://help.aliyun.com/document_detail/122501.html
  const flow = `
version: v1
type: flow
steps:
  - type: choice
    name: mychoice
    choices:
      - condition: $.status == "ready"
        # choice with steps
        steps:
          - type: pass
            name: pass1
        goto: final
      - condition: $.status == "failed"
        goto: handle_failure
    default:
      # no need to use goto
      steps:
        - type: pass
          name: pass2
  - type: fail
    name: handle_failure
    error: StatusIsNotReady
    cause: status is not ready
  - type: pass
    name: final
`;
  test('status ready: pass1 then final', async () => {
    const r = await run(flow, { status: 'ready' });
    expect(r.status).toBe('Succeeded');
    expect(r.entered).toEqual(['mychoice', 'pass1', 'final']);
  });
  test('status failed: handle_failure fails the flow, final does not run', async () => {
    const r = await run(flow, { status: 'failed' });
    expect(r.status).toBe('Failed');
    expect(r.error).toEqual({ error: 'StatusIsNotReady', cause: 'status is not ready' });
    expect(r.entered).toEqual(['mychoice', 'handle_failure']);
  });
  test('no status: pass2 and handle_failure', async () => {
    const r = await run(flow, {});
    expect(r.status).toBe('Failed');
    expect(r.entered).toEqual(['mychoice', 'pass2', 'handle_failure']);
  });
  test('a fail step inside a branch fails the parallel step and the flow', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: parallel
    name: p
    branches:
      - steps:
          - type: fail
            name: f
            error: Inner
  - type: pass
    name: after
`);
    expect(r.status).toBe('Failed');
    expect(r.error?.error).toBe('Inner');
    expect(r.entered).not.toContain('after');
  });
});

describe('parallel step', () => {
  // https://help.aliyun.com/document_detail/122498.html
  const myparallel = `
version: v1
type: flow
steps:
  - type: parallel
    name: myparallel
    branches:
      - steps:
        - type: pass
          name: pass1
          outputMappings:
            - target: result
              source: pass1
      - steps:
        - type: pass
          name: pass2
          outputMappings:
            - target: result
              source: pass2
    outputMappings:
      - target: result
        source: $local[*].result
`;
  test('pass1 → {"result": "pass1"}, pass2 → {"result": "pass2"}, myparallel → {"result": ["pass1", "pass2"]}', async () => {
    const r = await run(myparallel);
    expect(r.exited('pass1')).toEqual({ result: 'pass1' });
    expect(r.exited('pass2')).toEqual({ result: 'pass2' });
    expect(r.exited('myparallel')).toEqual({ result: ['pass1', 'pass2'] });
    expect(r.output).toEqual({ result: ['pass1', 'pass2'] });
  });

  test('other documented paths over $local: an index, the whole array', async () => {
    const r = await run(myparallel.replace('source: $local[*].result', 'source: $local[*].result\n      - target: second\n        source: $local[1].result\n      - target: all\n        source: $local'));
    expect(r.output).toEqual({ result: ['pass1', 'pass2'], second: 'pass2', all: [{ result: 'pass1' }, { result: 'pass2' }] });
  });

  test('at most 100 branches', () => {
    const branch = '      - steps:\n          - type: pass\n            name: p\n';
    const e = refusal(`version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: wide\n    branches:\n${branch.repeat(101)}`);
    expect(e).toMatchObject({ where: 'steps[0].branches', line: 7 });
  });
});

describe('foreach step', () => {
  // https://help.aliyun.com/document_detail/122499.html
  const myforeach = `
version: v1
type: flow
steps:
  - type: foreach
    name: myforeach
    iterationMapping:
      collection: $.names
      item: name
    steps:
      - type: task
        name: toUpperCase
        resourceArn: acs:fc:{region}:{account}:services/fnf_test/functions/toUpperCase
    outputMappings:
      - target: names
        source: $local[*].name
`;
  test('names [a, b, c]: toUpperCase gets {name, names} per item; myforeach outputs {"names": ["A", "B", "C"]}', async () => {
    const r = await run(myforeach, { names: ['a', 'b', 'c'] });
    const inputs = r.ofType('TaskScheduled').map((e) => detailOf(e).input);
    expect(inputs).toEqual(expect.arrayContaining([
      { name: 'a', names: ['a', 'b', 'c'] }, { name: 'b', names: ['a', 'b', 'c'] }, { name: 'c', names: ['a', 'b', 'c'] },
    ]));
    expect(r.output).toEqual({ names: ['A', 'B', 'C'] });
  });

  test('at most 100 iterations run at once', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `n${i}`);
    const r = await run(`
version: v1
type: flow
steps:
  - type: foreach
    name: many
    iterationMapping:
      collection: $.names
      item: name
    steps:
      - type: wait
        name: nap
        duration: 1
`, { names });
    expect(r.status).toBe('Succeeded');
    let open = 0;
    let most = 0;
    for (const e of r.ofType('IterationEntered').concat(r.ofType('IterationExited')).sort((a, b) => a.EventId - b.EventId)) {
      open += e.Type === 'IterationEntered' ? 1 : -1;
      most = Math.max(most, open);
    }
    expect(most).toBe(100);
    expect(r.ofType('IterationExited')).toHaveLength(130);
  });

  test('a failing iteration fails the foreach step and the flow', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: choice
        name: check
        choices:
          - condition: $.item == "bad"
            goto: reject
        default:
          goto: accept
      - type: fail
        name: reject
        error: BadItem
      - type: pass
        name: accept
`, { items: ['ok', 'bad'] });
    expect(r.status).toBe('Failed');
    expect(r.error?.error).toBe('BadItem');
  });

  test('without outputMappings a foreach step outputs nothing; index names the position', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.names
      item: name
      index: i
    steps:
      - type: task
        name: echo
        resourceArn: acs:fc:::services/s/functions/echo
`, { names: ['x', 'y'] });
    expect(r.ofType('TaskScheduled').map((e) => detailOf(e).input)).toEqual(expect.arrayContaining([
      { names: ['x', 'y'], name: 'x', i: 0 }, { names: ['x', 'y'], name: 'y', i: 1 },
    ]));
    expect(r.exited('each')).toEqual({});
    expect(r.output).toEqual({});
  });
});

describe('error handling', () => {
  // https://help.aliyun.com/document_detail/214310.html
  test('retry FnF.ALL: intervalSeconds 10, multiplier 2: the second retry 20 s later, the third 40 s later', async () => {
    const r = await run(`
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:{region}:{accountID}:services/s/functions/unstable
    retry:
      - errors:
          - FnF.ALL
        intervalSeconds: 10
        maxIntervalSeconds: 300
        maxAttempts: 3
        multiplier: 2
`.replace('steps:', 'version: v1\ntype: flow\nsteps:'), { key: 'retry-doc', failures: 3 });
    expect(r.status).toBe('Succeeded');
    expect(r.output).toEqual({ calls: 4 });
    // The in-memory host runs 100 times faster: 10, 20 and 40 s become 100, 200 and 400 ms.
    expect(timers.seconds(100).slice(-3)).toEqual([10, 20, 40]);
    expect(r.ofType('TaskScheduled').map((e) => detailOf(e).retryCount)).toEqual([0, 1, 2, 3]);
  });

  test('retry defaults: 3 attempts, then the step fails', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:::services/s/functions/unstable
    retry:
      - errors: [Unstable]
        intervalSeconds: 0.01
`, { key: 'retry-defaults', failures: 10 });
    expect(r.status).toBe('Failed');
    expect(r.error?.error).toBe('Unstable');
    expect(r.ofType('TaskScheduled')).toHaveLength(4);
  });

  test('catch with errorMappings: $local.cause and $local.error reach the step after the goto', async () => {
    // The page's example ends at "goto: final"; the final step is added here.
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:{region}:{accountID}:services/s/functions/unstable
    errorMappings:
      - target: errMsg
        source: $local.cause
      - target: errCode
        source: $local.error
    catch:
      - errors:
        - FnF.ALL
        goto: final
  - type: pass
    name: skipped
  - type: task
    name: final
    resourceArn: acs:fc:::services/s/functions/echo
    inputMappings:
      - {target: errMsg, source: $local.errMsg}
      - {target: errCode, source: $local.errCode}
`, { key: 'catch-doc', failures: 1 });
    expect(r.status).toBe('Succeeded');
    expect(r.entered).toEqual(['hello', 'final']);
    expect(r.output).toEqual({ errMsg: 'call 1 of catch-doc failed', errCode: 'Unstable' });
  });

  test('a catch without errorMappings passes nothing on', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: hello
    resourceArn: acs:fc:::services/s/functions/unstable
    catch:
      - errors: [Unstable]
        goto: final
  - type: pass
    name: final
`, { key: 'catch-plain', failures: 1 });
    expect(r.status).toBe('Succeeded');
    expect(r.output).toEqual({});
  });

  test('the checker: intervals of at most 86400 s, a catch goto names a sibling step', () => {
    const head = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/s/functions/echo\n';
    expect(refusal(`${head}    retry:\n      - errors: [FnF.ALL]\n        intervalSeconds: 86401\n`))
      .toMatchObject({ where: 'steps[0].retry[0].intervalSeconds', line: 9 });
    expect(refusal(`${head}    catch:\n      - errors: [FnF.ALL]\n        goto: nowhere\n`))
      .toMatchObject({ where: 'steps[0].catch[0].goto', line: 9 });
  });
});

describe('service integration', () => {
  // https://help.aliyun.com/document_detail/149828.html: a child flow in sync mode (it loads; a child flow runs
  // locally through an FNF.StartExecution handler or mock).
  test('testSubflow, requestResponse: the flow goes on once the child has started', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: testSubflow
    resourceArn: acs:fnf:::flow/flowABC #描述子流程。
    pattern: requestResponse #描述服务集成模式:默认(请求响应)模式。
  - type: pass
    name: dummy
`, { order: 1 });
    expect(r.entered).toEqual(['testSubflow', 'dummy']);
    expect(r.exited('testSubflow')).toEqual({ FlowName: 'flowABC', Input: { order: 1 } });
  });

  test('subflow, sync, loads', () => {
    expect(engine.compile(`
version: v1
type: flow
steps:
  - type: task
    name: testTask
    resourceArn: acs:fnf:::flow/flowABC
    pattern: sync
  - type: pass
    name: dummy
`).language).toBe('fdl');
  });

  // https://help.aliyun.com/document_detail/149829.html: serviceParams Input: $ is the mapped input, ExecutionName a path into it.
  test('child flow, requestResponse: serviceParams read the mapped step input', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: fnfInvoke
    resourceArn: acs:fnf:::flow/subflow_demo_child
    pattern: requestResponse
    inputMappings:
      - target: childName
        source: $input.childName
    serviceParams:
      Input: $
      ExecutionName: $.childName
`, { childName: 'child-1', other: true });
    expect(r.output).toEqual({ FlowName: 'subflow_demo_child', ExecutionName: 'child-1', Input: { childName: 'child-1' } });
    // Without serviceParams the child's input is the step's input, its name left to the service.
    const bare = await run(`
version: v1
type: flow
steps:
  - type: task
    name: fnfInvoke
    resourceArn: acs:fnf:::flow/subflow_demo_child
`, { a: 1 });
    expect(bare.output).toEqual({ FlowName: 'subflow_demo_child', Input: { a: 1 } });
  });

  // https://help.aliyun.com/document_detail/157027.html: publish to an MNS topic; the outputMappings read PublishMessage's answer.
  test('MNS topic, requestResponse: serviceParams from the input, outputMappings from $local', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: mns-topic-task
    resourceArn: acs:mns:::/topics/{topicName}/messages # Call the MNS topic resource.
    pattern: requestResponse # (Optional) The default mode.
    outputMappings:
      - target: messageID  # The ID of the message.
        source: $local.MessageId
      - target: requestID  # The ID of the request.
        source: $local.RequestId
      - target: messageBodyMD5  # The MD5 value of the message body.
        source: $local.MessageBodyMD5
    serviceParams:
      MessageBody: $.messageBody  # The message body.
      MessageTag: $.messageTag  # (Optional) The message tag.
      MessageAttributes: $.messageAttributes  # (Optional)
`, { messageBody: 'hello world', messageTag: 'greeting' });
    expect(r.output).toEqual({ messageID: 'msg-greeting', requestID: 'local-request', messageBodyMD5: '5EB63BBBE01EEED093CB22BB8F5ACDC3' });
  });

  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/mns-queues-workflow: "MessageBody: $" sends the mapped
  // input: input {"key": "value_1"}, mapped {"key_1": "value_1", "key_2": "value"}, that object's string the message body.
  // (The page's definition is cut off where it is stored; this one does what its text describes.)
  test('MNS queue: MessageBody $ is the mapped input', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: send
    resourceArn: acs:mns:::/queues/{queue-name}/messages
    inputMappings:
      - target: key_1
        source: $input.key
      - target: key_2
        source: value
    serviceParams:
      MessageBody: $
      Priority: 1
`, { key: 'value_1' });
    expect(JSON.parse(r.output.MessageBody)).toEqual({ key_1: 'value_1', key_2: 'value' });
    expect(r.output.Priority).toBe(1);
  });

  test('a task calls a resourceArn or an action (awesome-fnf examples), not both', async () => {
    const r = await run(`
version: v1
type: flow
steps:
  - type: task
    name: ocr
    action: ocr:RecognizeIdentityCard
    serviceParams:
      ImageURL: $.imageURL
      Side: face
    outputMappings:
      - target: name
        source: $local.Data.FrontResult.Name
`, { imageURL: 'https://example.com/card.jpg' });
    expect(r.output).toEqual({ name: 'card at https://example.com/card.jpg' });
    const head = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n';
    expect(refusal(head).message).toBe('a task needs exactly one of resourceArn, action');
    expect(refusal(`${head}    action: ocr:A\n    resourceArn: acs:fc:::services/s/functions/f\n`)).toMatchObject({ where: 'steps[0]', line: 4 });
    expect(refusal(`${head}    action: not an action\n`)).toMatchObject({ where: 'steps[0].action', line: 6 });
  });
});

describe('the checker names the place and line', () => {
  test('an unknown step type', () => {
    const e = refusal('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: loop\n    name: b\n');
    expect(e).toMatchObject({ where: 'steps[1].type', line: 6 });
    expect(e.message).toContain('unknown step type "loop"');
  });
  test('end must be a boolean', () => {
    expect(refusal('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: yes please\n'))
      .toMatchObject({ where: 'steps[0].end', line: 6 });
  });
});
