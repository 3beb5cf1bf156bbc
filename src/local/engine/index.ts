// The local endpoint's flow engine: compiles definitions of both languages
// and runs executions against an EngineHost (see ../types.ts). The engine
// records every event, including the execution's end (ExecutionSucceeded/
// Failed/Stopped), and then calls host.complete(); stop() does both too.
// Work runs from one queue, drained synchronously; the runs it touched are
// checkpointed once the current macrotask is over, so a burst of transitions
// (a Map finishing 1,000 iterations) costs one checkpoint, not 1,000.
import { randomUUID } from 'node:crypto';
import { compileDefinition, type Program } from '../flow/index.js';
import { MAX_EVENTS_PER_EXECUTION, ServiceError, type CompiledFlow, type Engine, type EngineOptions, type ExecutionRecord, type TaskOutcome } from '../types.js';
import { Run, type Failure, type RunServices } from './run.js';
import type { ExecState } from './state.js';
import { realTimers } from './hooks.js';
import { TaskRunner } from './tasks.js';


const keyOf = (exec: ExecutionRecord) => `${exec.flowName}\u0000${exec.name}`;

function parseInput(text: string): unknown {
  if (!text || !text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function isState(value: unknown): value is ExecState {
  return typeof value === 'object' && value !== null && (value as ExecState).version === 1 && typeof (value as ExecState).root === 'object';
}

type Completer = (outcome: { ok: true; output: unknown } | Failure) => number;

class LocalEngine implements Engine {
  private readonly runs = new Map<string, Run>();
  private readonly tokens = new Map<string, { run: Run; complete: Completer }>();
  private readonly retiredTokens = new Set<string>();
  private queue: Array<{ run: Run; fn: () => void }> = [];
  private head = 0;
  private pumping = false;
  private readonly dirty = new Set<Run>();
  private flushHandle?: NodeJS.Immediate;
  private readonly services: RunServices;

  constructor(private readonly opts: EngineOptions) {
    this.services = {
      host: opts.host,
      tasks: opts.tasks ?? new TaskRunner(opts.functionsDir, opts.host.children),
      timers: opts.timers ?? realTimers,
      enqueue: (run, fn) => this.enqueue(run, fn),
      newToken: () => randomUUID(),
      registerToken: (token, run, complete) => this.tokens.set(token, { run, complete }),
      report: (token, outcome) => void this.reportTask(token, outcome),
      retireToken: (token) => {
        if (this.tokens.delete(token)) this.retiredTokens.add(token);
      },
      ended: (run) => {
        this.runs.delete(keyOf(run.exec));
        this.dirty.delete(run);
      },
    };
  }

  compile(definition: string, opts?: { fileName?: string }): CompiledFlow {
    return compileDefinition(definition, opts?.fileName);
  }

  start(exec: ExecutionRecord, flow: CompiledFlow): void {
    const program = flow.program as Program;
    const input = parseInput(exec.input);
    const state: ExecState = { version: 1, input, root: Run.openScope(program.root, input, 0) };
    const run = this.track(new Run(exec, program, state, this.services));
    this.enqueue(run, () => run.start());
  }

  resume(exec: ExecutionRecord, flow: CompiledFlow): void {
    // No checkpoint yet: the host kept no event of it either, so start over.
    if (!isState(exec.engineState)) return this.start(exec, flow);
    const run = this.track(new Run(exec, flow.program as Program, exec.engineState, this.services));
    this.enqueue(run, () => run.resume());
  }

  stop(exec: ExecutionRecord, error: string, cause: string): void {
    this.runs.get(keyOf(exec))?.stop(error, cause);
  }

  reportTask(token: string, outcome: TaskOutcome): number {
    const entry = this.tokens.get(token);
    if (!entry) {
      if (this.retiredTokens.has(token)) throw new ServiceError('TaskAlreadyCompleted', 'the task of this token has already completed', 400);
      throw new ServiceError('TaskInvalidState', 'no task is waiting for this token', 409);
    }
    let result: Parameters<Completer>[0];
    if (outcome.error !== undefined) {
      result = { ok: false, error: outcome.error, cause: outcome.cause ?? '' };
    } else {
      try {
        result = { ok: true, output: JSON.parse(outcome.output ?? '{}') };
      } catch {
        throw new ServiceError('InvalidArgument', 'Output is not valid JSON', 400);
      }
    }
    let eventId = 0;
    try {
      eventId = entry.complete(result);
    } catch (err) {
      this.fail(entry.run, err);
      throw err instanceof ServiceError ? err : new ServiceError('InternalServerError', (err as Error).message, 500);
    } finally {
      this.dirty.add(entry.run);
      this.pump();
    }
    return eventId;
  }

  async close(): Promise<void> {
    this.flush();
    for (const run of this.runs.values()) {
      run.ended = true;
      run.root.cancel();
    }
    this.runs.clear();
    this.queue = [];
    this.head = 0;
  }

  private track(run: Run): Run {
    this.runs.get(keyOf(run.exec))?.root.cancel();
    this.runs.set(keyOf(run.exec), run);
    return run;
  }

  private enqueue(run: Run, fn: () => void): void {
    this.queue.push({ run, fn });
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.head < this.queue.length) {
        const { run, fn } = this.queue[this.head++]!;
        if (run.ended) continue;
        try {
          fn();
        } catch (err) {
          this.fail(run, err);
        }
        if (!run.ended) this.dirty.add(run);
      }
    } finally {
      this.queue = [];
      this.head = 0;
      this.pumping = false;
    }
    if (this.dirty.size && !this.flushHandle) this.flushHandle = setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    for (const run of this.dirty) this.opts.host.checkpoint(run.exec, run.state);
    this.dirty.clear();
  }

  /** The host refused an event (the 5,000-event limit, an oversized event) or the engine hit a fault. */
  private fail(run: Run, err: unknown): void {
    if (err instanceof ServiceError) {
      const atLimit = run.exec.events.length >= MAX_EVENTS_PER_EXECUTION;
      const code = atLimit ? 'FnF.EventLimitExceeded' : err.code.startsWith('FnF.') ? err.code : `FnF.${err.code}`;
      run.abort(code, err.message);
    } else {
      run.abort('FnF.InternalError', err instanceof Error ? err.message : String(err));
    }
  }
}

export function createEngine(opts: EngineOptions): Engine {
  return new LocalEngine(opts);
}
