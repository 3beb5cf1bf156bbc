// Engine behaviour beyond the corpus: refusing bad definitions, stop(),
// task tokens, resuming from a checkpoint, the event limit, Map concurrency
// and a 1,000-item Map's speed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEngine } from '../../../src/local/engine/index.js';
import { FlowDefinitionError, ServiceError, type ExecutionRecord } from '../../../src/local/types.js';
import { FUNCTIONS_DIR, INVALID_DIR, invalidCases } from '../../flows/corpus.js';
import { detailOf, eventTypes, MemoryHost, until } from './memory-host.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cloudflow(states: string, extra = ''): string {
  return `Type: StateMachine\nSpecVersion: v1\nStartAt: first\n${extra}States:\n${states}`;
}

const tokensOf = (exec: ExecutionRecord) =>
  exec.events.filter((e) => e.Type === 'TaskScheduled').map((e) => detailOf(e).taskToken as string);

describe('compile', () => {
  const engine = createEngine({ host: new MemoryHost() });
  test.each(invalidCases.map((c) => [c.file, c] as const))('refuses %s, naming the place', (_f, c) => {
    const text = readFileSync(join(INVALID_DIR, c.file), 'utf8');
    let error: unknown;
    try {
      engine.compile(text, { fileName: c.file });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlowDefinitionError);
    const e = error as FlowDefinitionError;
    expect(e.where ?? '').toBe(c.where);
    expect(e.line).toBe(c.line);
    expect(e.message).toContain(c.message);
    // The place is in the fields only: callers show it once, in their own form.
    expect(e.message).not.toContain(c.file);
    expect(e.message).not.toContain(`line ${c.line}`);
    if (c.where) expect(e.message).not.toContain(c.where);
  });

  test('names the flow after its Name, else its file', () => {
    expect(engine.compile(cloudflow('  - {Type: Succeed, Name: first}\n', 'Name: named\n')).name).toBe('named');
    expect(engine.compile(cloudflow('  - {Type: Succeed, Name: first}\n'), { fileName: '/x/orders.yaml' }).name).toBe('orders');
  });
});

describe('running', () => {
  test('stop() ends every branch, iteration and task, and records nothing after ExecutionStopped', async () => {
    const host = new MemoryHost(100);
    const engine = createEngine({ host, functionsDir: FUNCTIONS_DIR });
    const flow = engine.compile(cloudflow(`
  - Type: Parallel
    Name: first
    End: true
    Branches:
      - StartAt: nap
        States: [{Type: Wait, Name: nap, Seconds: 600, End: true}]
      - StartAt: approve
        States: [{Type: Task, Name: approve, Action: FC:InvokeFunction, TaskMode: WaitForCustomCallback, End: true,
                  Parameters: {resourceArn: acs:fc:::services/s/functions/nothere}}]
      - StartAt: each
        States:
          - Type: Map
            Name: each
            ItemsPath: $Input.items
            End: true
            Processor:
              StartAt: slow
              States: [{Type: Task, Name: slow, Action: FC:InvokeFunction, End: true,
                        Parameters: {resourceArn: acs:fc:::services/s/functions/slow, body: {ms: 300}}}]
`));
    const exec = host.execution('stopped', { items: [1, 2] });
    engine.start(exec, flow);
    await until(() => tokensOf(exec).filter(Boolean).length === 1 && eventTypes(exec).filter((t) => t === 'TaskStarted').length === 3, 'tasks to start');
    const [token] = tokensOf(exec).filter(Boolean);
    engine.stop(exec, 'Manual', 'stopped by the test');
    expect((await host.ended(exec)).status).toBe('Stopped');
    const count = exec.events.length;
    expect(exec.events.at(-1)!.Type).toBe('ExecutionStopped');
    expect(detailOf(exec.events.at(-1)!)).toEqual({ error: 'Manual', cause: 'stopped by the test' });
    expect(() => engine.reportTask(token!, { output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskAlreadyCompleted', status: 400 }));
    await sleep(500);
    expect(exec.events.length).toBe(count);
    expect(host.completions).toBe(1);
    await engine.close();
  });

  test('task tokens: unknown → TaskInvalidState 409, reused → TaskAlreadyCompleted 400, bad output → InvalidArgument', async () => {
    const host = new MemoryHost(100);
    const engine = createEngine({ host });
    const flow = engine.compile(readFileSync(join(FUNCTIONS_DIR, '..', 'defs', 'cf_callback.yaml'), 'utf8'));
    const exec = host.execution('tokens', { order: 1 });
    engine.start(exec, flow);
    await until(() => tokensOf(exec).length === 1, 'the task to be scheduled');
    const [token] = tokensOf(exec);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof ServiceError ? `${err.code} ${err.status}` : String(err);
      }
      return 'no error';
    };
    expect(code(() => engine.reportTask('no-such-token', { output: '{}' }))).toBe('TaskInvalidState 409');
    expect(code(() => engine.reportTask(token!, { output: '{not json' }))).toBe('InvalidArgument 400');
    const eventId = engine.reportTask(token!, { output: '{"approved": false}' });
    expect(exec.events[eventId - 1]!.Type).toBe('TaskSucceeded');
    expect(code(() => engine.reportTask(token!, { output: '{}' }))).toBe('TaskAlreadyCompleted 400');
    const result = await host.ended(exec);
    expect(result).toEqual({ status: 'Succeeded', output: '{"approved":false,"order":1}' });
  });

  test('resume() continues from the checkpoint: a Wait ends when it would have, a callback task takes its report', async () => {
    const host = new MemoryHost(10);
    const first = createEngine({ host });
    const flow = first.compile(cloudflow(`
  - {Type: Wait, Name: first, Seconds: 4, Next: approve}
  - {Type: Task, Name: approve, Action: Custom:Approve, TaskMode: WaitForCustomCallback, End: true}
`));
    const exec = host.execution('resumed');
    const started = Date.now();
    first.start(exec, flow);
    await sleep(150);
    await first.close();
    const eventsAtClose = exec.events.length;
    const state = JSON.parse(JSON.stringify(exec.engineState));

    const second = createEngine({ host });
    exec.engineState = state;
    second.resume(exec, second.compile(exec.flowDefinition || flowText()));
    await until(() => tokensOf(exec).length === 1, 'the task after the wait', 3000);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(900);
    expect(eventTypes(exec).slice(0, eventsAtClose)).toEqual(['ExecutionStarted', 'StepEntered']);
    second.reportTask(tokensOf(exec)[0]!, { output: '{"ok": true}' });
    expect(await host.ended(exec)).toEqual({ status: 'Succeeded', output: '{"ok":true}' });
    expect(eventTypes(exec)).toEqual([
      'ExecutionStarted', 'StepEntered', 'StepExited', 'StepEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'StepExited',
      'ExecutionSucceeded',
    ]);

    function flowText() {
      return cloudflow(`
  - {Type: Wait, Name: first, Seconds: 4, Next: approve}
  - {Type: Task, Name: approve, Action: Custom:Approve, TaskMode: WaitForCustomCallback, End: true}
`);
    }
  });

  test('the event limit fails the execution with FnF.EventLimitExceeded', async () => {
    const host = new MemoryHost(100, 60);
    const engine = createEngine({ host });
    const flow = engine.compile(cloudflow(`
  - Type: Map
    Name: first
    ItemsPath: $Input.items
    End: true
    Processor: {StartAt: p, States: [{Type: Pass, Name: p, End: true}]}
`));
    const exec = host.execution('limited', { items: Array.from({ length: 100 }, (_, i) => i) });
    engine.start(exec, flow);
    const result = await host.ended(exec);
    expect(result).toMatchObject({ status: 'Failed', error: 'FnF.EventLimitExceeded' });
    expect(exec.events).toHaveLength(60);
    await sleep(50);
    expect(exec.events).toHaveLength(60);
  });

  test('Map keeps to MaxConcurrency and puts outputs in item order', async () => {
    const host = new MemoryHost(100);
    const engine = createEngine({ host });
    const flow = engine.compile(cloudflow(`
  - Type: Map
    Name: first
    ItemsPath: $Input.items
    MaxConcurrency: 3
    End: true
    Processor:
      StartAt: nap
      States: [{Type: Wait, Name: nap, Seconds.$: $Input.s, End: true}]
`));
    const items = [5, 1, 3, 2, 4, 1, 2, 1].map((s, i) => ({ s, i }));
    const exec = host.execution('limited-map', { items });
    engine.start(exec, flow);
    const result = await host.ended(exec);
    expect(result.status === 'Succeeded' && JSON.parse(result.output)).toEqual({ Items: items });
    let running = 0;
    let most = 0;
    for (const type of eventTypes(exec)) {
      if (type === 'IterationEntered') most = Math.max(most, ++running);
      if (type === 'IterationExited') running--;
    }
    expect(most).toBe(3);
  });

  test('a 1,000-item Map finishes within a few seconds with few checkpoints', async () => {
    const host = new MemoryHost(100);
    const engine = createEngine({ host });
    const flow = engine.compile(cloudflow(`
  - Type: Map
    Name: first
    ItemsPath: $Input.items
    End: true
    Processor: {StartAt: p, States: [{Type: Pass, Name: p, InputConstructor: {n.$: $Input}, End: true}]}
`));
    const exec = host.execution('big-map', { items: Array.from({ length: 1000 }, (_, i) => i) });
    const started = Date.now();
    engine.start(exec, flow);
    const result = await host.ended(exec);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.status).toBe('Succeeded');
    expect(exec.events).toHaveLength(3 + 4 * 1000 + 2);
    expect(host.checkpoints).toBeLessThan(5);
    const started0 = exec.events.find((e) => e.Type === 'StepStarted')!;
    expect(detailOf(started0)).toEqual({ itemsCount: 1000 });
  });
});
