// An in-memory EngineHost for engine tests: numbers and stores events as the
// service does, checkpoints by JSON round-trip (so state that is not plain
// JSON shows up at once), enforces the event limit, and lets a test await
// an execution's end.
import type { HistoryEvent } from '../../../src/api/types.js';
import { realTimers, type Timers } from '../../../src/local/engine/hooks.js';
import {
  ServiceError, type EngineHost, type ExecutionRecord, type ExecutionResult, type NewEvent,
} from '../../../src/local/types.js';

export class MemoryHost implements EngineHost {
  checkpoints = 0;
  completions = 0;
  private readonly waiters = new Map<ExecutionRecord, Array<(r: ExecutionResult) => void>>();
  readonly results = new Map<ExecutionRecord, ExecutionResult>();

  constructor(readonly timeScale = 100, readonly eventLimit = 5000) {}

  now(): number {
    return Date.now();
  }

  record(exec: ExecutionRecord, event: NewEvent): number {
    if (this.results.has(exec)) throw new Error(`event ${event.Type} recorded after the execution ended`);
    if (exec.events.length >= this.eventLimit) throw new ServiceError('EventLimitExceeded', `the execution reached ${this.eventLimit} events`);
    const recorded: HistoryEvent = {
      StepName: event.StepName,
      Type: event.Type,
      EventId: exec.events.length + 1,
      ScheduleEventId: event.ScheduleEventId,
      Time: new Date(this.now()).toISOString(),
      EventDetail: JSON.stringify(event.detail ?? {}),
    };
    exec.events.push(recorded);
    return recorded.EventId;
  }

  checkpoint(exec: ExecutionRecord, state: unknown): void {
    this.checkpoints++;
    exec.engineState = JSON.parse(JSON.stringify(state));
  }

  complete(exec: ExecutionRecord, result: ExecutionResult): void {
    if (this.results.has(exec)) throw new Error('complete() called twice');
    this.completions++;
    this.results.set(exec, result);
    exec.status = result.status;
    exec.stoppedTime = this.now();
    if (result.status === 'Succeeded') exec.output = result.output;
    else [exec.errorCode, exec.errorMessage] = [result.error, result.cause];
    for (const resolve of this.waiters.get(exec) ?? []) resolve(result);
    this.waiters.delete(exec);
  }

  execution(name: string, input: unknown = {}, flowName = 'flow'): ExecutionRecord {
    return {
      flowName, name, status: 'Running', input: JSON.stringify(input), startedTime: this.now(), flowDefinition: '', events: [],
    };
  }

  ended(exec: ExecutionRecord, timeoutMs = 10_000): Promise<ExecutionResult> {
    const done = this.results.get(exec);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${exec.name} did not end within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiters.get(exec) ?? [];
      list.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.waiters.set(exec, list);
    });
  }
}

export const eventTypes = (exec: ExecutionRecord) => exec.events.map((e) => e.Type);
export const detailOf = (event: HistoryEvent) => JSON.parse(event.EventDetail) as Record<string, unknown>;

/** Polls `check` every 5 ms until it holds; fails naming `what` once `ms` have passed. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Real timers that keep the delays the engine asked for, so a test checks intervals exactly however late a loaded machine fires them. */
export class RecordingTimers implements Timers {
  readonly delays: number[] = [];

  after(ms: number, fn: () => void): () => void {
    this.delays.push(ms);
    return realTimers.after(ms, fn);
  }

  /**
   * The delays asked for, in service seconds at `timeScale`. The engine asks for a due time minus now, and on a
   * loaded machine now can move on a few ms between the two, so a delay only ever comes out short: rounding up
   * undoes that.
   */
  seconds(timeScale: number): number[] {
    return this.delays.map((ms) => Math.ceil((ms * timeScale) / 1000 - 1e-9));
  }
}
