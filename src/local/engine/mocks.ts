// Mocks: answers for Task steps given instead of running them. One format for
// a case's `mocks:` in an `fnf test` file and for `fnf local serve --mocks
// FILE`, so an entry can be copied from one to the other:
//
//   charge:                          # the Task state named charge
//     - {error: {code: Busy, cause: try later}}   # a list answers an execution's calls
//     - {output: {paid: true}, after: 2s}         # in turn; the last one every further call
//   fn:resize: {handler: resize.mjs}               # any task calling function resize
//   fn:photos/resize: {output: {ok: true}}         # any task calling resize of the service photos
//   action:MNS:SendMessage: {output: {MessageId: m-1}}   # any task with this Action
//
// A call is answered by the first key that has answers: its state's name,
// then `fn:<service>/<function>` (when its resourceArn names a service), then
// `fn:<function>`, then `action:<Action>`. `after` delays the answer
// (virtual time in `fnf test`; real time divided by --time-scale in `local
// serve`). A callback task (WaitForCustomCallback) gets its answer as a
// report on its token, as a real worker would send it. `handler` runs a
// module the way the local endpoint runs a task's handler.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, whyUnreadable } from '../../errors.js';
import { parseDurationText } from '../../duration.js';
import { Checker, type Fields } from '../flow/check.js';
import type { TaskRequest } from '../flow/program.js';
import { Source, type Path } from '../flow/source.js';
import { FlowDefinitionError, ServiceError } from '../types.js';
import { realTimers, type TaskCall, type TaskExecutor, type Timers } from './hooks.js';
import { actionModuleName, functionLookupNames, TaskError, TaskRunner } from './tasks.js';

/** One answer to one call of a mocked task. */
export type MockAnswer = { afterMs: number } & (
  | { kind: 'output'; output: unknown }
  | { kind: 'error'; code: string; cause: string }
  | { kind: 'handler'; file: string }
);

/** By key (state name, fn:[<service>/]<function>, action:<Action>): answers call by call; the last one answers any further calls. */
export type Mocks = ReadonlyMap<string, readonly MockAnswer[]>;

/** The keys that may answer this call, most specific first. */
export function mockKeys(req: TaskRequest, call: TaskCall): string[] {
  return [call.step, ...functionLookupNames(req.resourceArn).map((name) => `fn:${name}`), `action:${req.action}`];
}

/** `90s`, `2h`, `1d`, `1h30m`, `250ms`, or a number of seconds → ms; undefined when it is none of those. */
function durationOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  return typeof value === 'string' ? parseDurationText(value) : undefined;
}

export function readDuration(c: Checker, obj: Fields, key: string, path: Path): number | undefined {
  if (obj[key] === undefined) return undefined;
  const ms = durationOf(obj[key]);
  if (ms === undefined) c.fail([...path, key], 'must be a duration such as 90s, 2h, 1d or 1h30m (a number is seconds)');
  return ms;
}

const KEY_FORMS = 'a Task state\'s name, fn:[<service>/]<function name> or action:<Service>:<Operation>';

/**
 * Reads a mocks mapping at `path`. Handler files are relative to `base`. With `taskNames` (the flow is known, as in
 * `fnf test`), a key that names no Task state is refused.
 */
export function readMocks(c: Checker, value: unknown, path: Path, opts: { base: string; taskNames?: ReadonlySet<string> }): Map<string, MockAnswer[]> {
  const mocks = new Map<string, MockAnswer[]>();
  if (value === undefined || value === null) return mocks;
  for (const [key, spec] of Object.entries(c.object(value, path, `a mapping of ${KEY_FORMS} to answers`))) {
    const at = [...path, key];
    c.each(() => checkKey(c, key, at, opts.taskNames));
    const entries = Array.isArray(spec) ? spec : [spec];
    if (entries.length === 0) c.record(at, 'must give at least one answer');
    // Collecting (`fnf test`), an answer in fault is left out once its problem is recorded.
    mocks.set(key, entries.flatMap((e, i) => c.each(() => readAnswer(c, e, Array.isArray(spec) ? [...at, i] : at, opts.base)) ?? []));
  }
  return mocks;
}

function checkKey(c: Checker, key: string, at: Path, taskNames: ReadonlySet<string> | undefined): void {
  if (key.startsWith('fn:')) {
    const [, service, fn] = /^fn:(?:([^/]+)\/)?([^/]+)$/.exec(key) ?? c.fail(at, 'must name a function: fn:<function name> or fn:<service>/<function name>');
    // A resourceArn's services/<service>.<qualifier> names the service <service>: a qualified key would match no call.
    if (service?.includes('.')) c.fail(at, `names the service without its qualifier: fn:${service.split('.')[0]}/${fn}`);
    return;
  }
  if (key.startsWith('action:')) {
    if (!actionModuleName(key.slice(7))) c.fail(at, `"${key.slice(7)}" is not an Action (action:<Service>:<Operation>, for example action:MNS:SendMessage)`);
    return;
  }
  if (taskNames?.has(key)) return;
  // An Action written bare would silently match nothing: every key without a prefix is a state's name.
  const hint = actionModuleName(key) ? `; for every task with the Action ${key}, write action:${key}` : '';
  if (taskNames) c.fail(at, `the flow has no Task state named "${key}" (a key is ${KEY_FORMS})${hint}`);
  if (hint) c.fail(at, `"${key}" reads as a state's name${hint}`);
}

function readAnswer(c: Checker, value: unknown, path: Path, base: string): MockAnswer {
  const obj = c.closedObject(value, path, ['output', 'error', 'handler', 'after']);
  const afterMs = readDuration(c, obj, 'after', path) ?? 0;
  const given = (['output', 'error', 'handler'] as const).filter((k) => obj[k] !== undefined);
  if (given.length !== 1) c.fail(path, `must have exactly one of output, error or handler${given.length ? ` (has ${given.join(' and ')})` : ''}`);
  if (given[0] === 'output') return { kind: 'output', output: obj.output, afterMs };
  if (given[0] === 'handler') {
    const file = resolve(base, c.string(obj, 'handler', path, true));
    if (!existsSync(file)) c.fail([...path, 'handler'], `no such file: ${file}`);
    return { kind: 'handler', file, afterMs };
  }
  const error = c.closedObject(obj.error, [...path, 'error'], ['code', 'cause']);
  return { kind: 'error', code: c.string(error, 'code', [...path, 'error'], true), cause: c.string(error, 'cause', [...path, 'error']) ?? '', afterMs };
}

/** A mocks file's text (YAML or JSON) → mocks; a problem is one UsageError `file:line: where: problem`. */
export function parseMocks(text: string, file: string): Mocks {
  try {
    const src = Source.parse(text);
    return readMocks(new Checker(src), src.value, [], { base: dirname(file) });
  } catch (err) {
    if (!(err instanceof FlowDefinitionError)) throw err;
    throw new UsageError(`${file}${err.line === undefined ? '' : `:${err.line}`}: ${err.path ? `${err.path}: ` : ''}${err.message}`);
  }
}

/** Reads `fnf local serve --mocks FILE`. */
export async function loadMocks(file: string): Promise<Mocks> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--mocks ${file}: cannot read: ${whyUnreadable(err)}`);
  }
  return parseMocks(text, file);
}

/** Answers the tasks that `mocks` has answers for; `fallback` runs every other one. */
export class MockedTasks implements TaskExecutor {
  /** Calls so far, per execution and key: a list answers each execution's calls in turn. */
  private readonly calls = new WeakMap<object, Map<string, number>>();
  private handlers?: TaskRunner;
  /** Handler answers still running: `fnf test` waits for them in real time before it moves its clock. */
  readonly inFlight = new Set<Promise<unknown>>();

  private readonly timers: Timers;
  private readonly timeScale: number;

  /** `after` runs on `timers` (default: real ones), `timeScale` times faster. */
  constructor(
    private readonly mocks: Mocks,
    private readonly fallback: TaskExecutor,
    clock: { timers?: Timers; timeScale?: number } = {},
  ) {
    this.timers = clock.timers ?? realTimers;
    this.timeScale = clock.timeScale ?? 1;
  }

  canRun(req: TaskRequest, call: TaskCall): boolean {
    if (!call.report) return this.keyFor(req, call) !== undefined || this.fallback.canRun(req, call);
    const answer = this.next(req, call);
    if (!answer) return this.fallback.canRun(req, call);
    // A callback task's answer is its report, not the call's result.
    const report = call.report;
    this.delay(answer, () => {
      this.track(this.answer(answer, req, call)).then(
        (output) => deliver(() => report({ output: JSON.stringify(output ?? {}) })),
        // Every answer fails as a TaskError: the mock's own, or the handler's (tasks.ts wraps what it throws).
        (err: TaskError) => deliver(() => report({ error: err.code, cause: err.message })),
      );
    });
    return false;
  }

  run(req: TaskRequest, signal: AbortSignal, call: TaskCall): Promise<unknown> {
    const answer = this.next(req, call);
    if (!answer) return this.fallback.run(req, signal, call);
    return new Promise((resolve, reject) => {
      const cancel = this.delay(answer, () => {
        signal.removeEventListener('abort', cancel);
        void this.track(this.answer(answer, req, call)).then(resolve, reject);
      });
      // The step is over (a timeout, a stop): its answer would come to nothing.
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  private keyFor(req: TaskRequest, call: TaskCall): string | undefined {
    return mockKeys(req, call).find((k) => this.mocks.has(k));
  }

  /** The answer for this call, counting it. */
  private next(req: TaskRequest, call: TaskCall): MockAnswer | undefined {
    const key = this.keyFor(req, call);
    if (key === undefined) return undefined;
    const answers = this.mocks.get(key)!;
    let calls = this.calls.get(call.execution);
    if (!calls) this.calls.set(call.execution, (calls = new Map()));
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    return answers[Math.min(n, answers.length - 1)];
  }

  private delay(answer: MockAnswer, fn: () => void): () => void {
    return this.timers.after(answer.afterMs / this.timeScale, fn);
  }

  private answer(answer: MockAnswer, req: TaskRequest, call: TaskCall): Promise<unknown> {
    switch (answer.kind) {
      case 'output':
        // A copy: the same answer may answer many calls.
        return Promise.resolve(structuredClone(answer.output));
      case 'error':
        return Promise.reject(new TaskError(answer.code, answer.cause));
      case 'handler':
        return (this.handlers ??= new TaskRunner()).runHandler(answer.file, req, call);
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => void this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }
}

/** A report to a task that has ended meanwhile (it timed out, the execution stopped) is dropped, as the service refuses it. */
function deliver(report: () => void): void {
  try {
    report();
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
  }
}
