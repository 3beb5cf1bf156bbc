// The task executor of a test case: every Task step is answered from the
// case's mocks, looked up by state name, then `fn:<function>`, then
// `action:<Action>`. A list answers call by call (a retry gets the next
// entry; the last one answers every further call). An answer comes `after`
// its virtual delay; a callback task (WaitForCustomCallback) gets it as a
// report on its token, as a real worker would send it. `handler` runs a
// real local module the way the local endpoint runs functions.
import { dirname } from 'node:path';
import type { TaskCall, TaskExecutor } from '../local/engine/hooks.js';
import { functionNameOf, TaskError, TaskRunner } from '../local/engine/tasks.js';
import type { TaskRequest } from '../local/flow/program.js';
import type { TaskOutcome } from '../local/types.js';
import type { VirtualClock } from './clock.js';
import type { MockAnswer } from './testfile.js';

/** Runs one handler file whatever function the task names. */
class HandlerFile extends TaskRunner {
  constructor(private readonly file: string) {
    super(dirname(file));
  }

  override functionFile(): string {
    return this.file;
  }
}

export interface MockHooks {
  /** A callback task's answer, to hand to the engine's reportTask. */
  report(token: string, outcome: TaskOutcome): void;
  /** A task no mock answers: the case fails with this problem. */
  unanswered(problem: string): void;
}

export class MockTasks implements TaskExecutor {
  private readonly calls = new Map<string, number>();
  private readonly handlers = new Map<string, HandlerFile>();
  /** Handler calls in flight: real time the case runner waits for before moving the clock. */
  readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly mocks: ReadonlyMap<string, readonly MockAnswer[]>,
    private readonly clock: VirtualClock,
    private readonly hooks: MockHooks,
  ) {}

  canRun(req: TaskRequest, call: TaskCall): boolean {
    // A callback task's answer is its report, not the call's result.
    const answer = this.next(req, call);
    if (answer && call.token) {
      const token = call.token;
      this.clock.after(answer.afterMs, () => {
        this.track(this.answer(answer, req)).then(
          (output) => this.hooks.report(token, { output: JSON.stringify(output ?? {}) }),
          // Every answer fails as a TaskError: the mock's own, or the handler's (tasks.ts wraps what it throws).
          (err: TaskError) => this.hooks.report(token, { error: err.code, cause: err.message }),
        );
      });
    }
    return false;
  }

  run(req: TaskRequest, _signal: AbortSignal, call: TaskCall): Promise<unknown> {
    const answer = this.next(req, call);
    if (!answer) return new Promise(() => undefined);
    return new Promise((resolve, reject) => {
      this.clock.after(answer.afterMs, () => void this.track(this.answer(answer, req)).then(resolve, reject));
    });
  }

  /** The answer for this call, counting it; undefined (and the case failed) when nothing answers it. */
  private next(req: TaskRequest, call: TaskCall): MockAnswer | undefined {
    const fn = functionNameOf(req.resourceArn);
    const keys = [call.step, ...(fn ? [`fn:${fn}`] : []), `action:${req.action}`];
    const key = keys.find((k) => this.mocks.has(k));
    if (key === undefined) {
      this.hooks.unanswered(`task state "${call.step}" has no mock: add one under mocks as ${keys.map((k) => `"${k}"`).join(', ')}, or a handler`);
      return undefined;
    }
    const answers = this.mocks.get(key)!;
    const n = this.calls.get(key) ?? 0;
    this.calls.set(key, n + 1);
    return answers[Math.min(n, answers.length - 1)];
  }

  private answer(answer: MockAnswer, req: TaskRequest): Promise<unknown> {
    switch (answer.kind) {
      case 'output':
        return Promise.resolve(answer.output);
      case 'error':
        return Promise.reject(new TaskError(answer.code, answer.cause));
      case 'handler': {
        let runner = this.handlers.get(answer.file);
        if (!runner) this.handlers.set(answer.file, (runner = new HandlerFile(answer.file)));
        return runner.run({ ...req, action: 'FC:InvokeFunction' }, new AbortController().signal);
      }
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => void this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }
}

