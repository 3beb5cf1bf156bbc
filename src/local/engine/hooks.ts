// What the engine takes from outside besides its host: the timers that run
// Wait states, retry intervals and task timeouts, and what runs a Task step.
// `fnf local serve` uses real timers and the TaskRunner; `fnf test` injects
// a virtual clock and mocked tasks (src/testing/).
import type { TaskRequest } from '../flow/program.js';
import type { TaskOutcome } from '../types.js';

/** Which step a task call belongs to, for runners that answer by state name or report callbacks. */
export interface TaskCall {
  /** The execution the call belongs to: the same object for all its calls (mocks count calls per execution). */
  execution: Readonly<{ flowName: string; name: string }>;
  step: string;
  /** The token of a WaitForCustomCallback task, which its report completes. */
  token?: string;
  /** A callback task only: completes it as ReportTaskSucceeded/Failed would (for runners that answer in place of a worker). */
  report?(outcome: TaskOutcome): void;
}

export interface TaskExecutor {
  /** True when the action can run here (a callback task without one just waits for its report). */
  canRun(req: TaskRequest, call: TaskCall): boolean;
  run(req: TaskRequest, signal: AbortSignal, call: TaskCall): Promise<unknown>;
}

export interface Timers {
  /** Calls fn after ms (on this source's clock); returns the function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** setTimeout, in slices for delays longer than it accepts (a one-year Wait). */
export const realTimers: Timers = {
  after(ms, fn) {
    let handle: NodeJS.Timeout;
    const arm = (left: number) => {
      handle = left > MAX_TIMER_MS ? setTimeout(() => arm(left - MAX_TIMER_MS), MAX_TIMER_MS) : setTimeout(fn, Math.max(0, left));
    };
    arm(ms);
    return () => clearTimeout(handle);
  },
};
