// The shared watch of many executions: ends come from the list poll, history
// only for what the renderer shows, and an end never waits long for it.
import { describe, expect, it } from 'vitest';
import type { FnfClient } from '../../src/api/types.js';
import { commonPrefix, FINAL_GRACE_MS, LIST_PAUSE_MS, watchMany } from '../../src/watch/many.js';
import type { Snapshot, WatchUpdate } from '../../src/watch/types.js';
import { fakeClock } from '../helpers/ctx.js';
import { fakeServices, whileSleeping, type FakeService, type Script } from './fake-service.js';

/** A Wait step `pause` of `endAt` ms; the execution succeeds when it ends. */
function waiting(name: string, endAt: number): Script {
  return {
    executionName: name,
    status: 'Succeeded',
    endAt,
    events: [
      { at: 0, type: 'ExecutionStarted' },
      { at: 5, type: 'StepEntered', step: 'pause', detail: { stateType: 'Wait' } },
      { at: endAt, type: 'StepExited', step: 'pause', parent: 2 },
      { at: endAt, type: 'ExecutionSucceeded' },
    ],
  };
}

/** Watches `names` on a fake clock that moves while the watch sleeps; each update with the fake time it came. */
async function watch(names: string[], scripts: Script[], wantsHistory: (s: Snapshot) => boolean, wrap: (c: FakeService) => FnfClient = (c) => c) {
  const clock = fakeClock();
  const start = clock.now();
  const service = fakeServices(clock, scripts);
  const updates: Array<WatchUpdate & { at: number }> = [];
  await whileSleeping(clock, (resting) => watchMany({
    flowName: 'demo', names, prefix: 'job-', client: wrap(service), clock: resting, signal: new AbortController().signal, wantsHistory,
    onUpdate: (u) => updates.push({ ...u, at: clock.now() - start }),
  }));
  return { updates, service, endedAt: clock.now() - start };
}

const names = Array.from({ length: 30 }, (_, i) => `job-${i}`);
const scripts = names.map((n, i) => waiting(n, 5_000 + i * 100));

describe('watchMany', () => {
  it('sees every end from the shared list poll, with no history read when none is shown', async () => {
    const { updates, service, endedAt } = await watch(names, scripts, () => false);
    expect(service.counts.GetExecutionHistory).toBeUndefined();
    // One describe each for the first look, no more: the rest is one list a second and one for the outputs of what ended.
    expect(service.counts.DescribeExecution).toBe(30);
    expect(service.counts.ListExecutions).toBeLessThanOrEqual(2 * Math.ceil(endedAt / LIST_PAUSE_MS));
    const ends = updates.filter((u) => u.snapshot.done);
    expect(ends.map((u) => u.snapshot.executionName).sort()).toEqual([...names].sort());
    for (const end of ends) {
      expect(end.at - (end.snapshot.endedAt! - Date.parse(end.snapshot.execution.StartedTime))).toBeLessThanOrEqual(LIST_PAUSE_MS);
      expect(end.snapshot.execution.Output).toBe('{}');
    }
    expect(endedAt - Math.max(...scripts.map((s) => s.endAt))).toBeLessThanOrEqual(LIST_PAUSE_MS);
  });

  it('reads history only for the executions shown, and each one\'s last events before its end', async () => {
    const shown = new Set(['job-0', 'job-1']);
    const { updates, service } = await watch(names, scripts, (s) => shown.has(s.executionName));
    const read = new Set(service.calls.filter((c) => c.action === 'GetExecutionHistory').map((c) => c.params.ExecutionName));
    expect(read).toEqual(shown);
    const last = updates.filter((u) => u.snapshot.executionName === 'job-0').at(-1)!;
    expect(last.snapshot.done).toBe(true);
    expect(last.unread).toBeUndefined();
    expect(last.snapshot.steps.map((s) => [s.name, s.status])).toEqual([['pause', 'succeeded']]);
    // A Wait is quiet until it ends: job-0's history is read when the watch starts and after its wait, not in between.
    expect(service.calls.filter((c) => c.action === 'GetExecutionHistory' && c.params.ExecutionName === 'job-0').length).toBeLessThanOrEqual(3);
  });

  it('tells an end without its last events when the history does not come within the grace', async () => {
    const { updates, endedAt } = await watch(['job-0'], [waiting('job-0', 2_000)], () => true, (service) => ({
      ...service,
      call: ((action, params, opts) =>
        action === 'GetExecutionHistory' ? new Promise(() => undefined) : service.call(action, params, opts)) as FnfClient['call'],
    }));
    const end = updates.at(-1)!;
    expect(end.snapshot.done).toBe(true);
    expect(end.events).toEqual([]);
    expect(end.unread).toBe(true);
    expect(endedAt).toBeLessThanOrEqual(2_000 + LIST_PAUSE_MS + FINAL_GRACE_MS);
  });
});

describe('commonPrefix', () => {
  it.each([
    [['order-41', 'order-42', 'order-7'], 'order-'],
    [['a', 'b'], ''],
    [['same'], 'same'],
    [[], ''],
  ])('%j → %j', (names, prefix) => {
    expect(commonPrefix(names)).toBe(prefix);
  });
});
