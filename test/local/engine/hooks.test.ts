// The engine's injectable timers and task executor (what `fnf test` builds on):
// a Wait, a retry interval and a task timeout all go through the given timers,
// and every task call names its step (and a callback task's token); a call's
// signal aborts only while the call is still in flight.
import { describe, expect, test } from 'vitest';
import type { TaskCall, TaskExecutor, Timers } from '../../../src/local/engine/hooks.js';
import { realTimers } from '../../../src/local/engine/hooks.js';
import { createEngine } from '../../../src/local/engine/index.js';
import type { TaskRequest } from '../../../src/local/flow/program.js';
import { detailOf, eventTypes, MemoryHost } from './memory-host.js';

/** Timers that only fire when told to, on a clock the host reads. */
class ManualTimers implements Timers {
  now = 0;
  armed: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  after(ms: number, fn: () => void): () => void {
    const t = { at: this.now + ms, fn, cancelled: false };
    this.armed.push(t);
    return () => void (t.cancelled = true);
  }
  /** Fires the earliest live timer; its delay is returned. */
  fireNext(): number {
    const live = this.armed.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at);
    const next = live[0]!;
    const waited = next.at - this.now;
    this.armed = this.armed.filter((t) => t !== next);
    this.now = next.at;
    next.fn();
    return waited;
  }
}

class ClockHost extends MemoryHost {
  constructor(private readonly timers: ManualTimers) {
    super(1);
  }
  override now(): number {
    return this.timers.now;
  }
}

const flush = () => new Promise((r) => setImmediate(r));

describe('injected timers', () => {
  test('a one-day Wait, a retry interval and a task timeout run on them, not on the wall clock', async () => {
    const timers = new ManualTimers();
    const host = new ClockHost(timers);
    let calls = 0;
    const tasks: TaskExecutor = {
      canRun: () => true,
      run: () => (++calls === 1 ? Promise.reject(Object.assign(new Error('busy'), { name: 'Busy' })) : new Promise(() => undefined)),
    };
    const engine = createEngine({ host, timers, tasks });
    const flow = engine.compile(`Type: StateMachine
SpecVersion: v1
StartAt: day
States:
  - {Type: Wait, Name: day, Seconds: 86400, Next: work}
  - Type: Task
    Name: work
    Action: FC:InvokeFunction
    Timeout: 30
    Parameters: {resourceArn: 'acs:fc:::services/s/functions/f'}
    Retry: [{Errors: [Busy], MaxAttempts: 1, IntervalSeconds: 7}]
    End: true
`);
    const exec = host.execution('virtual');
    engine.start(exec, flow);
    expect(timers.fireNext()).toBe(86_400_000);
    await flush();
    expect(timers.fireNext()).toBe(7_000);
    await flush();
    expect(timers.fireNext()).toBe(30_000);
    const result = await host.ended(exec, 1000);
    expect(result).toMatchObject({ status: 'Failed', error: 'FnF.Timeout' });
    expect(eventTypes(exec)).toContain('TaskTimedOut');
  });

  test('real timers still fire (in slices past setTimeout\'s limit)', async () => {
    const fired = await new Promise<boolean>((resolve) => realTimers.after(5, () => resolve(true)));
    expect(fired).toBe(true);
    let late = false;
    const cancel = realTimers.after(2 ** 31 + 10, () => (late = true));
    cancel();
    expect(late).toBe(false);
  });
});

describe('injected task executor', () => {
  test('every call names its step, a callback task also its token, and canRun decides whether the call is made', async () => {
    const host = new MemoryHost(1);
    const seen: Array<{ req: TaskRequest; call: TaskCall; how: string }> = [];
    const tasks: TaskExecutor = {
      canRun: (req, call) => (seen.push({ req, call, how: 'canRun' }), false),
      run: async (req, _signal, call) => (seen.push({ req, call, how: 'run' }), { from: call.step }),
    };
    const engine = createEngine({ host, tasks });
    const flow = engine.compile(`Type: StateMachine
SpecVersion: v1
StartAt: plain
States:
  - {Type: Task, Name: plain, Action: FC:InvokeFunction, Parameters: {resourceArn: 'acs:fc:::services/s/functions/f'}, Next: waits}
  - {Type: Task, Name: waits, Action: FC:InvokeFunction, TaskMode: WaitForCustomCallback, Parameters: {resourceArn: 'acs:fc:::services/s/functions/g'}, End: true}
`);
    const exec = host.execution('calls');
    engine.start(exec, flow);
    for (let i = 0; i < 20 && seen.length < 2; i++) await flush();
    expect(seen.map((s) => [s.how, s.call.step])).toEqual([['run', 'plain'], ['canRun', 'waits']]);
    expect(seen[0]!.call.token).toBeUndefined();
    const token = seen[1]!.call.token!;
    expect(token).toBe(detailOf(exec.events.filter((e) => e.Type === 'TaskScheduled')[1]!).taskToken);
    expect(exec.events.find((e) => e.Type === 'StepExited' && e.StepName === 'plain')?.EventDetail).toContain('"from":"plain"');
    engine.reportTask(token, { output: '{"ok":true}' });
    expect(await host.ended(exec, 1000)).toMatchObject({ status: 'Succeeded' });
  });

  test('the signal aborts a call still in flight when its step ends, and never one that has settled', async () => {
    const host = new MemoryHost(1000);
    const signals = new Map<string, AbortSignal>();
    const tasks: TaskExecutor = {
      canRun: () => true,
      run: (_req, signal, call) => {
        signals.set(call.step, signal);
        return call.step === 'hangs' ? new Promise(() => undefined) : Promise.resolve({});
      },
    };
    const engine = createEngine({ host, tasks });
    const exec = host.execution('signals');
    engine.start(exec, engine.compile(`Type: StateMachine
SpecVersion: v1
StartAt: quick
States:
  - {Type: Task, Name: quick, Action: FC:InvokeFunction, Parameters: {resourceArn: 'acs:fc:::services/s/functions/f'}, Next: hangs}
  - {Type: Task, Name: hangs, Action: FC:InvokeFunction, Timeout: 1, Parameters: {resourceArn: 'acs:fc:::services/s/functions/f'}, Catch: [{Errors: [FnF.Timeout], Next: done}], End: true}
  - {Type: Pass, Name: done, End: true}
`));
    expect(await host.ended(exec)).toMatchObject({ status: 'Succeeded' });
    expect([signals.get('quick')!.aborted, signals.get('hangs')!.aborted]).toEqual([false, true]);
  });
});
