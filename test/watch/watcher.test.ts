import { describe, expect, it, vi } from 'vitest';
import { stateTypesOf } from '../../src/watch/definition.js';
import { fakeClock } from '../helpers/ctx.js';
import { watchExecution } from '../../src/watch/watcher.js';
import { NetworkError } from '../../src/errors.js';
import type { WatchUpdate } from '../../src/watch/types.js';
import { fakeService, type Script } from './fake-service.js';
import { failingMap, tenMinuteTask, tenMinuteWait } from './scripts.js';

// The real parser, counted.
vi.mock('../../src/watch/definition.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/watch/definition.js')>();
  return { ...original, stateTypesOf: vi.fn(original.stateTypesOf) };
});

async function watchAll(script: Script, signal = new AbortController().signal) {
  const clock = fakeClock();
  const start = clock.now();
  const client = fakeService(clock, script);
  const updates: WatchUpdate[] = [];
  for await (const u of watchExecution({ flowName: 'demo', executionName: 'exec1', client, clock, signal })) updates.push(u);
  return { updates, client, elapsed: clock.now() - start };
}

describe('watchExecution', () => {
  it('follows a ten-minute Wait execution with few requests and sees the end the moment it happens', async () => {
    const { updates, client, elapsed } = await watchAll(tenMinuteWait);
    expect(elapsed).toBe(600_000);
    expect(client.requestCount).toBeLessThanOrEqual(40);
    // The Wait is slept through with minute-long polls, not polled.
    expect(client.counts.GetExecutionHistory).toBeLessThanOrEqual(10);
    const last = updates.at(-1)!;
    expect(last.snapshot.done).toBe(true);
    expect(last.snapshot.execution.Status).toBe('Succeeded');
    expect(last.snapshot.endedAt).toBe(last.snapshot.startedAt + 600_000);
    // Every event is delivered exactly once, in order.
    expect(updates.flatMap((u) => u.events.map((e) => e.EventId))).toEqual(tenMinuteWait.events.map((_, i) => i + 1));
    expect(client.calls.every((c) => c.action !== 'DescribeExecution' || Number(c.params.WaitTimeSeconds ?? 0) <= 60)).toBe(true);
  });

  it('backs off while a long Task gives no sign of life, staying within the budget', async () => {
    const { client, elapsed } = await watchAll(tenMinuteTask);
    expect(elapsed).toBe(600_000);
    expect(client.requestCount).toBeLessThanOrEqual(40);
  });

  it('reports a failed execution with the Map summary', async () => {
    const { updates } = await watchAll(failingMap);
    const { snapshot } = updates.at(-1)!;
    expect(snapshot.execution).toMatchObject({ Status: 'Failed', ErrorCode: 'Item.Bad' });
    expect(snapshot.steps[0]!.map).toEqual({ total: 4, done: 2, running: 0, failed: 1 });
  });

  it('reads a long history in pages and then asks only for what is new', async () => {
    const events: Script['events'] = [{ at: 0, type: 'ExecutionStarted' }];
    for (let i = 0; i < 2400; i++) events.push({ at: 0, type: 'StepEntered', step: `s${i}` }, { at: 0, type: 'StepExited', step: `s${i}`, parent: events.length + 1 });
    events.push({ at: 0, type: 'StepEntered', step: 'last', detail: { stateType: 'Wait', seconds: 5 } });
    events.push({ at: 5000, type: 'StepExited', step: 'last', parent: events.length });
    events.push({ at: 5000, type: 'ExecutionSucceeded' });
    const { updates, client } = await watchAll({ events, endAt: 5000, status: 'Succeeded' });
    expect(updates[0]!.events).toHaveLength(4802);
    expect(updates.at(-1)!.snapshot.steps).toHaveLength(2401);
    const tokens = client.calls.filter((c) => c.action === 'GetExecutionHistory').map((c) => c.params.NextToken);
    expect(tokens).toEqual([undefined, '1001', '2001', '3001', '4001', '4001']);
  });

  it('keeps the tree, not the events: 5,000 events with 1 KB details stay far below 150 MB', async () => {
    const detail = { input: { blob: 'x'.repeat(1000) } };
    const events: Script['events'] = [{ at: 0, type: 'ExecutionStarted' }];
    while (events.length < 4999) {
      events.push({ at: events.length, type: 'StepEntered', step: `s${events.length}`, detail });
      events.push({ at: events.length, type: 'StepExited', step: `s${events.length - 1}`, parent: events.length, detail });
    }
    events.push({ at: 5000, type: 'ExecutionSucceeded' });
    const before = process.memoryUsage().heapUsed;
    const { updates } = await watchAll({ events, endAt: 5000, status: 'Succeeded' });
    const last = updates.at(-1)!;
    updates.length = 0; // the renderers drop updates as they go; so do we
    expect(last.snapshot.steps).toHaveLength(2499);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('stops at once when the signal aborts, without another request', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const client = fakeService(clock, tenMinuteWait);
    const seen: WatchUpdate[] = [];
    for await (const u of watchExecution({ flowName: 'demo', executionName: 'exec1', client, clock, signal: controller.signal })) {
      seen.push(u);
      controller.abort();
    }
    expect(seen).toHaveLength(1);
    expect(client.requestCount).toBe(2);
  });
});

describe('watchExecution, first reads', () => {
  // DescribeExecution and the first GetExecutionHistory go out together: the history can be read
  // before the end that DescribeExecution then reports, and the end must still carry every event.
  it('reads the history again when the execution had ended by the time DescribeExecution answered', async () => {
    const clock = fakeClock();
    const service = fakeService(clock, tenMinuteWait);
    clock.advance(tenMinuteWait.endAt);
    let historyReads = 0;
    const racing = {
      ...service,
      call: (async (action, params, opts) => {
        const answer = await service.call(action, params, opts);
        if (action !== 'GetExecutionHistory' || historyReads++ > 0) return answer;
        const page = answer as Awaited<ReturnType<typeof service.call<'GetExecutionHistory'>>>;
        return { ...page, Events: page.Events.slice(0, -2) };
      }) as typeof service.call,
    };
    const updates: WatchUpdate[] = [];
    for await (const u of watchExecution({ flowName: 'demo', executionName: 'exec1', client: racing, clock, signal: new AbortController().signal })) updates.push(u);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.snapshot.done).toBe(true);
    expect(updates[0]!.events.map((e) => e.EventId)).toEqual(tenMinuteWait.events.map((_, i) => i + 1));
    expect(historyReads).toBe(2);
  });
});

describe('watchExecution, state types', () => {
  const definition = 'Type: StateMachine\nName: demo\nStartAt: pause\nStates:\n  - Name: pause\n    Type: Wait\n    Seconds: 5\n    End: true\n';
  /** Watches a 5 s execution whose one step's events carry `detail`; counts the definition's parses. */
  async function watchCountingDefinitionReads(detail: Record<string, unknown>) {
    const clock = fakeClock();
    const service = fakeService(clock, {
      events: [{ at: 0, type: 'ExecutionStarted' }, { at: 0, type: 'StepEntered', step: 'pause', detail }, { at: 5000, type: 'StepExited', step: 'pause', parent: 2 },
        { at: 5000, type: 'ExecutionSucceeded' }],
      endAt: 5000, status: 'Succeeded', definition,
    });
    vi.mocked(stateTypesOf).mockClear();
    const updates: WatchUpdate[] = [];
    for await (const u of watchExecution({ flowName: 'demo', executionName: 'exec1', client: service, clock, signal: new AbortController().signal })) updates.push(u);
    return { step: updates.at(-1)!.snapshot.steps[0]!, reads: vi.mocked(stateTypesOf).mock.calls.length };
  }

  it('reads them from the definition when the step events do not say them', async () => {
    const { step, reads } = await watchCountingDefinitionReads({});
    expect(step.stateType).toBe('Wait');
    expect(reads).toBe(1);
  });

  // The local endpoint's events carry the type: parsing the YAML would only delay the live view's first frame.
  it('leaves the definition unread when the step events carry their type', async () => {
    const { step, reads } = await watchCountingDefinitionReads({ stateType: 'Wait', seconds: 5 });
    expect(step.stateType).toBe('Wait');
    expect(reads).toBe(0);
  });
});

describe('watchExecution through throttling and outages', () => {
  it('rides out NetworkErrors (throttling after retries, a restarting endpoint) and still sees the end', async () => {
    const clock = fakeClock();
    const service = fakeService(clock, tenMinuteWait);
    let calls = 0;
    const flaky = {
      ...service,
      call: ((action, params, opts) => {
        calls++;
        if (calls % 3 === 0) return Promise.reject(new NetworkError('ResourceThrottled: too many requests', 'ResourceThrottled'));
        return service.call(action, params, opts);
      }) as typeof service.call,
    };
    const selfAdvancing = { ...clock, sleep: async (ms: number) => clock.advance(ms) };
    const updates: WatchUpdate[] = [];
    const signal = new AbortController().signal;
    for await (const u of watchExecution({ flowName: 'demo', executionName: 'exec1', client: flaky, clock: selfAdvancing, signal })) updates.push(u);
    expect(updates.at(-1)!.snapshot.execution.Status).toBe('Succeeded');
    expect(updates.flatMap((u) => u.events.map((e) => e.EventId))).toEqual(tenMinuteWait.events.map((_, i) => i + 1));
  });

  it('gives up with the NetworkError once the service stays unreachable for minutes', async () => {
    const clock = fakeClock();
    const service = fakeService(clock, tenMinuteWait);
    const down = { ...service, call: (() => Promise.reject(new NetworkError('cannot reach the endpoint'))) as typeof service.call };
    const selfAdvancing = { ...clock, sleep: async (ms: number) => clock.advance(ms) };
    const start = clock.now();
    const updates = watchExecution({ flowName: 'demo', executionName: 'exec1', client: down, clock: selfAdvancing, signal: new AbortController().signal });
    await expect(updates.next()).rejects.toThrow(NetworkError);
    expect(clock.now() - start).toBeGreaterThanOrEqual(5 * 60_000);
    expect(clock.now() - start).toBeLessThan(6 * 60_000);
  });
});

describe('watchExecution under throttling', () => {
  it('skips intermediate history fetches that are throttled, slows down, and still delivers every event at the end', async () => {
    const clock = fakeClock();
    const service = fakeService(clock, tenMinuteWait);
    const endAt = clock.now() + tenMinuteWait.endAt;
    let throttledCount = 0;
    const throttling = {
      ...service,
      get throttledCount() {
        return throttledCount;
      },
      call: ((action, params, opts) => {
        const ended = clock.now() >= endAt;
        if (action === 'GetExecutionHistory' && !ended && service.counts.GetExecutionHistory > 0) {
          throttledCount++;
          if (opts?.retryThrottled === false) return Promise.reject(new NetworkError('ResourceThrottled: slow down', 'ResourceThrottled'));
        }
        return service.call(action, params, opts);
      }) as typeof service.call,
    };
    const updates: WatchUpdate[] = [];
    const signal = new AbortController().signal;
    for await (const u of watchExecution({ flowName: 'demo', executionName: 'exec1', client: throttling, clock, signal })) updates.push(u);
    expect(updates.at(-1)!.snapshot.execution.Status).toBe('Succeeded');
    expect(updates.flatMap((u) => u.events.map((e) => e.EventId))).toEqual(tenMinuteWait.events.map((_, i) => i + 1));
    expect(throttledCount).toBeGreaterThan(0);
  });
});
