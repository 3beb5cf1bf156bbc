// One execution being interpreted. All it needs to go on lives in `state`
// (JSON); the in-memory side is only cursors (which scope definition goes
// with which piece of state, and whom to tell when it ends) and activities
// (timers, requests and tokens to cancel). Every continuation goes through
// the engine's queue, so a 1,000-item Map or a long loop never deepens the
// stack, and resume() rebuilds the cursors from the state alone.
import type { EventType } from '../../api/types.js';
import {
  jsonBytes, STATE_DATA_ERROR, StepError,
  type ChoiceNode, type ContextView, type MapNode, type ParallelNode, type Program, type Scope, type StateNode, type TaskNode,
  type TaskRequest,
} from '../flow/program.js';
import type { EngineHost, ExecutionRecord, ExecutionResult, TaskOutcome } from '../types.js';
import { Activity } from './activity.js';
import type { ExecState, ScopeState, StepState } from './state.js';
import type { TaskCall, TaskExecutor, Timers } from './hooks.js';
import { TaskError } from './tasks.js';

export type Failure = { ok: false; error: string; cause: string };
type Outcome = { ok: true; output: unknown; next?: string } | Failure;
type ScopeOutcome = { ok: true; output: unknown } | Failure;

interface Cursor {
  def: Scope;
  st: ScopeState;
  act: Activity;
  stepAct?: Activity;
  done(outcome: ScopeOutcome): void;
}

/** What a run needs from its engine. */
export interface RunServices {
  host: EngineHost;
  tasks: TaskExecutor;
  timers: Timers;
  enqueue(run: Run, fn: () => void): void;
  newToken(): string;
  registerToken(token: string, run: Run, complete: (outcome: Outcome) => number): void;
  /** ReportTaskSucceeded/Failed on a callback task's token. */
  report(token: string, outcome: TaskOutcome): void;
  retireToken(token: string): void;
  ended(run: Run): void;
}

const matches = (errors: readonly string[], error: string) => errors.includes(error) || errors.includes('FnF.ALL');

/** Runs data handling whose StepError (a bad path, a wrong type) is the step's failure; anything else is a fault. */
function attempt(work: () => void, failed: (failure: Failure) => void): void {
  try {
    work();
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    failed(failureOf(err));
  }
}

function failureOf(err: unknown): Failure {
  if (err instanceof TaskError || err instanceof StepError) return { ok: false, error: err.code, cause: err.message };
  if (err instanceof Error) return { ok: false, error: err.name, cause: err.message };
  return { ok: false, error: 'Error', cause: String(err) };
}

export class Run {
  readonly root = new Activity();
  ended = false;
  private readonly items = new WeakMap<StepState, unknown[]>();
  /** The run records every event of its execution while it runs; a resumed one continues the stored history. */
  private lastEventId: number;

  constructor(
    readonly exec: ExecutionRecord,
    private readonly program: Program,
    readonly state: ExecState,
    private readonly s: RunServices,
  ) {
    this.lastEventId = exec.events.length;
  }

  start(): void {
    this.record('ExecutionStarted', '', 0, { input: this.state.input });
    this.armTimeout();
    this.runScope(this.rootCursor());
  }

  resume(): void {
    this.armTimeout();
    this.runScope(this.rootCursor());
  }

  /** The flow's own deadline, counted from the execution's start (so a resumed run keeps it). */
  private armTimeout(): void {
    const seconds = this.program.timeoutSeconds;
    if (seconds === undefined) return;
    const cause = `the execution did not finish within ${seconds} s`;
    this.timer(this.root, this.exec.startedTime + this.scaled(seconds), () => this.end({ status: 'TimedOut', error: 'FnF.Timeout', cause }, 'ExecutionTimedOut'));
  }

  stop(error: string, cause: string): void {
    this.end({ status: 'Stopped', error, cause }, 'ExecutionStopped');
  }

  /** Ends the execution as Failed without going through the flow (event limit, engine fault). */
  abort(error: string, cause: string): void {
    this.end({ status: 'Failed', error, cause }, 'ExecutionFailed');
  }

  /** The one place an execution's end is recorded (the local service takes the end event even past the event limit). */
  private end(result: ExecutionResult, event: EventType): void {
    if (this.ended) return;
    this.ended = true;
    this.root.cancel();
    const detail = result.status === 'Succeeded' ? { output: JSON.parse(result.output) } : { error: result.error, cause: result.cause };
    try {
      this.record(event, '', 0, detail);
    } catch {
      // A host that refuses it (a test host at its limit): the end status still reaches the host below.
    }
    this.s.ended(this);
    this.s.host.complete(this.exec, result);
  }

  private record(type: EventType, stepName: string, scheduleId: number, detail?: Record<string, unknown>): number {
    this.lastEventId = this.s.host.record(this.exec, { Type: type, StepName: stepName, ScheduleEventId: scheduleId, detail });
    return this.lastEventId;
  }

  private rootCursor(): Cursor {
    return this.cursor(this.program.root, this.state.root, this.root, (outcome) => {
      if (outcome.ok) {
        const output = outcome.output ?? {};
        this.end({ status: 'Succeeded', output: JSON.stringify(output) }, 'ExecutionSucceeded');
      } else {
        this.end({ status: 'Failed', error: outcome.error, cause: outcome.cause }, 'ExecutionFailed');
      }
    });
  }

  private cursor(def: Scope, st: ScopeState, act: Activity, done: (outcome: ScopeOutcome) => void): Cursor {
    return {
      def, st, act,
      done: (outcome) => {
        act.cancel();
        done(outcome);
      },
    };
  }

  static openScope(def: Scope, input: unknown, parent: number): ScopeState {
    return { at: def.startAt, frame: def.data.open(input), parent };
  }

  private later(act: Activity, fn: () => void): void {
    this.s.enqueue(this, () => {
      if (!act.cancelled) fn();
    });
  }

  private timer(act: Activity, at: number, fn: () => void): void {
    act.onCancel(this.s.timers.after(at - this.s.host.now(), () => this.later(act, fn)));
  }

  private scaled(seconds: number): number {
    return (seconds * 1000) / this.s.host.timeScale;
  }

  private context(node: StateNode, step: StepState | undefined, input: unknown, output?: unknown): ContextView {
    return {
      Execution: { Name: this.exec.name, Input: this.state.input, RoleArn: this.exec.roleArn },
      Current: {
        Name: node.name, Input: input, Output: output, Error: step?.error, RetryCount: step?.retryCount ?? 0, TaskToken: step?.token,
      },
      Flow: { Name: this.exec.flowName },
      // A step's input is built before its StepEntered is recorded (the event carries that input): the next id is its.
      StepEventId: step?.entered || this.lastEventId + 1,
    };
  }

  private runScope(cur: Cursor): void {
    if (cur.st.step) this.resumeStep(cur);
    else this.enter(cur);
  }

  private node(cur: Cursor): StateNode {
    const node = cur.def.states.get(cur.st.at);
    if (!node) throw new Error(`no state "${cur.st.at}" in the flow (was the definition changed under a running execution?)`);
    return node;
  }

  private enter(cur: Cursor): void {
    const node = this.node(cur);
    const step: StepState = { entered: 0, input: undefined, retryCount: 0 };
    cur.st.step = step;
    if (node.kind === 'task' && node.callback) step.token = this.s.newToken();
    const detail: Record<string, unknown> = { stateType: node.type };
    let failure: Failure | undefined;
    try {
      step.input = node.io.input(cur.st.frame, this.context(node, step, cur.st.frame), this.state.globals ?? {});
      detail.input = step.input;
      if (node.kind === 'wait') Object.assign(detail, this.planWait(node, step));
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      failure = failureOf(err);
    }
    step.entered = this.record('StepEntered', node.name, cur.st.parent, detail);
    if (failure) this.stepDone(cur, node, failure);
    else if (!this.overDataLimit(node, step, undefined)) this.begin(cur, node);
  }

  /**
   * A state's data over the language's limit fails the execution (not the state: no Retry or Catch applies).
   * The input is measured once, as the state enters, and its size kept for the exit.
   */
  private overDataLimit(node: StateNode, step: StepState, output: unknown): boolean {
    const check = this.program.checkStateData;
    if (!check) return false;
    step.inputBytes ??= jsonBytes(step.input);
    const problem = check(step.inputBytes, output === undefined ? undefined : jsonBytes(output));
    if (problem !== undefined) this.abort(STATE_DATA_ERROR, `state "${node.name}": ${problem}`);
    return problem !== undefined;
  }

  private planWait(node: StateNode & { kind: 'wait' }, step: StepState): { seconds: number; until: string } {
    const now = this.s.host.now();
    const d = node.duration(step.input, this.context(node, step, step.input));
    const seconds = 'seconds' in d ? d.seconds : Math.max(0, (d.until - now) / 1000);
    step.waitUntil = now + this.scaled(seconds);
    return { seconds, until: new Date(step.waitUntil).toISOString() };
  }

  /** Starts (or, on a retry, restarts) the step's work. */
  private begin(cur: Cursor, node: StateNode): void {
    cur.stepAct?.cancel();
    const act = (cur.stepAct = cur.act.child());
    const step = cur.st.step!;
    attempt(() => {
      switch (node.kind) {
        case 'pass':
        case 'succeed':
          return this.stepDone(cur, node, { ok: true, output: step.input });
        case 'fail': {
          const context = this.context(node, step, step.input);
          return this.stepDone(cur, node, { ok: false, error: node.error(step.input, context), cause: node.cause(step.input, context) });
        }
        case 'wait':
          return this.timer(act, step.waitUntil!, () => this.stepDone(cur, node, { ok: true, output: step.input }));
        case 'choice':
          return this.choose(cur, node, act);
        case 'task':
          return this.startTask(cur, node, act);
        case 'parallel':
          return this.startParallel(cur, node, act);
        case 'map':
          return this.startMap(cur, node, act);
      }
    }, (failure) => this.stepDone(cur, node, failure));
  }

  private resumeStep(cur: Cursor): void {
    const node = this.node(cur);
    const step = cur.st.step!;
    if (step.retryAt !== undefined) return this.armRetry(cur, node);
    const act = (cur.stepAct = cur.act.child());
    if (node.kind === 'wait') return this.timer(act, step.waitUntil!, () => this.stepDone(cur, node, { ok: true, output: step.input }));
    if (node.kind === 'task') return this.armTask(cur, node, act, node.request(step.input, this.context(node, step, step.input)));
    if (node.kind === 'parallel' && step.branches) {
      return step.branches.forEach((branch, index) => {
        if (!branch.done) this.runBranch(cur, node, act, index);
      });
    }
    if (node.kind === 'map' && step.map) {
      const items = this.itemsOf(node, step);
      for (const index of Object.keys(step.map.running)) this.runIteration(cur, node, act, items, Number(index));
      return this.fillMap(cur, node, act, items);
    }
    if (node.kind === 'choice' && step.inline) return this.runInline(cur, node, act);
    this.begin(cur, node);
  }

  private stepDone(cur: Cursor, node: StateNode, outcome: Outcome): void {
    if (!outcome.ok) return this.stepFailed(cur, node, outcome);
    const step = cur.st.step!;
    attempt(() => {
      const moved = node.io.output(cur.st.frame, step.input, outcome.output, this.context(node, step, step.input, outcome.output), this.state.globals ?? {});
      if (this.overDataLimit(node, step, moved.output)) return;
      if (moved.globals) this.state.globals = { ...moved.globals };
      this.record('StepExited', node.name, step.entered, { output: moved.output });
      this.leave(cur, moved.frame, node.kind === 'succeed' ? undefined : (outcome.next ?? node.next));
    }, (failure) => this.stepFailed(cur, node, failure));
  }

  private leave(cur: Cursor, frame: unknown, next: string | undefined): void {
    cur.stepAct?.cancel();
    cur.stepAct = undefined;
    cur.st.frame = frame;
    cur.st.step = undefined;
    if (next === undefined) {
      this.later(cur.act, () => cur.done({ ok: true, output: cur.def.data.close(frame) }));
    } else {
      cur.st.at = next;
      this.later(cur.act, () => this.enter(cur));
    }
  }

  /** Retry (first matching rule, while it has attempts left), else Catch, else the scope fails. */
  private stepFailed(cur: Cursor, node: StateNode, failure: Failure): void {
    cur.stepAct?.cancel();
    cur.stepAct = undefined;
    const step = cur.st.step!;
    step.error = { Code: failure.error, Detail: failure.cause };
    const ruleIndex = node.retry.findIndex((r) => matches(r.errors, failure.error));
    const rule = node.retry[ruleIndex];
    const attempts = (step.attempts ??= []);
    const used = attempts[ruleIndex] ?? 0;
    if (rule && used < rule.maxAttempts) {
      attempts[ruleIndex] = used + 1;
      step.retryCount++;
      const delay = Math.min(rule.intervalSeconds * rule.backoffRate ** used, rule.maxBackoffSeconds ?? Infinity);
      step.retryAt = this.s.host.now() + this.scaled(delay);
      return this.armRetry(cur, node);
    }
    this.record('StepFailed', node.name, step.entered, { error: failure.error, cause: failure.cause });
    const handler = node.catch.find((r) => matches(r.errors, failure.error));
    // A Catch whose OutputConstructor fails hands the scope that error instead.
    if (handler) {
      return attempt(() => {
        const moved = handler.caught(cur.st.frame, step.input, step.error!, this.context(node, step, step.input, step.error), this.state.globals ?? {});
        this.leave(cur, moved.frame, handler.next);
      }, (caughtFailure) => this.later(cur.act, () => cur.done(caughtFailure)));
    }
    this.later(cur.act, () => cur.done(failure));
  }

  private armRetry(cur: Cursor, node: StateNode): void {
    const step = cur.st.step!;
    const act = (cur.stepAct = cur.act.child());
    this.timer(act, step.retryAt!, () => {
      step.retryAt = undefined;
      this.begin(cur, node);
    });
  }

  private choose(cur: Cursor, node: ChoiceNode, act: Activity): void {
    const step = cur.st.step!;
    const context = this.context(node, step, step.input);
    const index = node.branches.findIndex((b) => b.test(step.input, context));
    const target = index >= 0 ? node.branches[index] : node.otherwise;
    if (target?.scope) {
      step.inline = { target: index, scope: Run.openScope(target.scope, step.input, cur.st.parent) };
      return this.runInline(cur, node, act);
    }
    // An FDL choice with no match and no default goes on to the next step.
    this.stepDone(cur, node, { ok: true, output: step.input, next: target?.next ?? node.next });
  }

  private runInline(cur: Cursor, node: ChoiceNode, act: Activity): void {
    const inline = cur.st.step!.inline!;
    const target = inline.target >= 0 ? node.branches[inline.target]! : node.otherwise!;
    // FDL: a choice with both steps and a goto runs the steps, then jumps.
    this.runScope(this.cursor(target.scope!, inline.scope, act.child(), (outcome) => this.stepDone(cur, node, outcome.ok ? { ...outcome, next: target.next } : outcome)));
  }

  private startTask(cur: Cursor, node: TaskNode, act: Activity): void {
    const step = cur.st.step!;
    const req = node.request(step.input, this.context(node, step, step.input));
    this.record('TaskScheduled', node.name, step.entered, {
      resourceArn: req.resourceArn, input: req.body, taskToken: step.token, retryCount: step.retryCount,
    });
    this.record('TaskStarted', node.name, step.entered, {});
    step.deadline = req.timeoutSeconds === undefined ? undefined : this.s.host.now() + this.scaled(req.timeoutSeconds);
    this.armTask(cur, node, act, req);
  }

  private armTask(cur: Cursor, node: TaskNode, act: Activity, req: TaskRequest): void {
    const step = cur.st.step!;
    if (step.deadline !== undefined) {
      const cause = `the task did not finish within ${req.timeoutSeconds} s`;
      this.timer(act, step.deadline, () => this.taskEnded(cur, node, 'TaskTimedOut', { ok: false, error: req.timeoutError ?? 'FnF.Timeout', cause }));
    }
    const token = step.token;
    if (token) {
      this.s.registerToken(token, this, (outcome) => this.taskEnded(cur, node, outcome.ok ? 'TaskSucceeded' : 'TaskFailed', outcome));
      act.onCancel(() => this.s.retireToken(token));
    }
    const call: TaskCall = token
      ? { execution: this.exec, step: node.name, token, report: (outcome) => this.s.report(token, outcome) }
      : { execution: this.exec, step: node.name };
    if (node.callback && !this.s.tasks.canRun(req, call)) return;
    const abort = new AbortController();
    // Only a call still in flight is aborted when its step ends: abort() builds a DOMException, a cost every call would pay.
    const settled = act.onCancel(() => abort.abort());
    this.s.tasks.run(req, abort.signal, call).then(
      (output) => {
        settled();
        this.later(act, () => {
          // A callback task's own call only delivers the token; its report completes it.
          if (!node.callback) this.taskEnded(cur, node, 'TaskSucceeded', { ok: true, output: node.response ? node.response(output, req) : output });
        });
      },
      (err: unknown) => {
        settled();
        this.later(act, () => this.taskEnded(cur, node, 'TaskFailed', failureOf(err)));
      },
    );
  }

  private taskEnded(cur: Cursor, node: TaskNode, type: EventType, outcome: Outcome): number {
    const step = cur.st.step!;
    const id = this.record(type, node.name, step.entered, outcome.ok ? { output: outcome.output } : { error: outcome.error, cause: outcome.cause });
    this.stepDone(cur, node, outcome);
    return id;
  }

  private startParallel(cur: Cursor, node: ParallelNode, act: Activity): void {
    const step = cur.st.step!;
    step.branches = node.branches.map((def, index) => {
      const entered = this.record('BranchEntered', node.name, step.entered, { index });
      return { entered, scope: Run.openScope(def, step.input, entered) };
    });
    step.branches.forEach((_, index) => this.runBranch(cur, node, act, index));
  }

  private runBranch(cur: Cursor, node: ParallelNode, act: Activity, index: number): void {
    const branches = cur.st.step!.branches!;
    const branch = branches[index]!;
    this.runScope(this.cursor(node.branches[index]!, branch.scope, act.child(), (outcome) => {
      if (!outcome.ok) {
        this.record('BranchExited', node.name, branch.entered, { index, error: outcome.error, cause: outcome.cause });
        return this.stepDone(cur, node, outcome);
      }
      branch.done = true;
      branch.output = outcome.output;
      this.record('BranchExited', node.name, branch.entered, { index, output: outcome.output });
      if (branches.every((b) => b.done)) this.stepDone(cur, node, { ok: true, output: node.combine(branches.map((b) => b.output)) });
    }));
  }

  private itemsOf(node: MapNode, step: StepState): unknown[] {
    let items = this.items.get(step);
    if (!items) {
      items = node.items(step.input, this.context(node, step, step.input));
      this.items.set(step, items);
    }
    return items;
  }

  private startMap(cur: Cursor, node: MapNode, act: Activity): void {
    const step = cur.st.step!;
    this.items.delete(step);
    const items = this.itemsOf(node, step);
    this.record('StepStarted', node.name, step.entered, { itemsCount: items.length });
    step.map = { count: items.length, next: 0, active: 0, finished: 0, running: {}, outputs: [] };
    if (items.length === 0) return this.stepDone(cur, node, { ok: true, output: node.combine([]) });
    this.fillMap(cur, node, act, items);
  }

  private fillMap(cur: Cursor, node: MapNode, act: Activity, items: unknown[]): void {
    const step = cur.st.step!;
    const m = step.map!;
    const context = this.context(node, step, step.input);
    while (m.next < m.count && (node.maxConcurrency === 0 || m.active < node.maxConcurrency)) {
      const index = m.next++;
      const input = node.iterationInput(step.input, items[index], index, context);
      const entered = this.record('IterationEntered', node.name, step.entered, { index, input });
      m.running[index] = { entered, scope: Run.openScope(node.processor, input, entered) };
      m.active++;
      this.runIteration(cur, node, act, items, index);
    }
  }

  private runIteration(cur: Cursor, node: MapNode, act: Activity, items: unknown[], index: number): void {
    const m = cur.st.step!.map!;
    const iteration = m.running[index]!;
    this.runScope(this.cursor(node.processor, iteration.scope, act.child(), (outcome) => {
      delete m.running[index];
      m.active--;
      if (!outcome.ok) {
        this.record('IterationExited', node.name, iteration.entered, { index, error: outcome.error, cause: outcome.cause });
        return this.stepDone(cur, node, outcome);
      }
      m.outputs[index] = outcome.output;
      m.finished++;
      this.record('IterationExited', node.name, iteration.entered, { index, output: outcome.output });
      if (m.finished === m.count) return this.stepDone(cur, node, { ok: true, output: node.combine(m.outputs) });
      attempt(() => this.fillMap(cur, node, act, items), (failure) => this.stepDone(cur, node, failure));
    }));
  }
}
