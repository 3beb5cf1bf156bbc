// The actions of the fnf API over in-memory records, persisted by the Store
// and run by the engine. Implements EngineHost: the engine records events,
// checkpoints its state and completes executions through it.
import { randomUUID } from 'node:crypto';
import type { EventType, Execution, ExecutionStatus, HistoryEvent } from '../api/types.js';
import { isEndStatus } from '../api/types.js';
import { definitionProblem, FlowCatalog, flowNotExists } from './flows.js';
import {
  checkName, jsonObject, optional, optionalBool, optionalInt, optionalLength, optionalTime, required, requiredName, rfc3339,
  type Params,
} from './params.js';
import { Scheduler } from './schedules.js';
import { toExecution } from './shapes.js';
import { newStoredExecution, type Store, type StoredExecution } from './store.js';
import {
  FlowDefinitionError, MAX_EVENTS_PER_EXECUTION, ServiceError,
  type ChildExecutions, type CompiledFlow, type Engine, type EngineHost, type ExecutionRecord, type ExecutionResult, type NewEvent,
} from './types.js';
import { Waiters } from './waiters.js';

const MAX_RUNNING_EXECUTIONS = 10_000;

function resultOf(exec: ExecutionRecord): ExecutionResult | undefined {
  if (exec.status === 'Succeeded') return { status: 'Succeeded', output: exec.output ?? '{}' };
  if (exec.status !== 'Failed' && exec.status !== 'Stopped' && exec.status !== 'TimedOut') return undefined;
  return { status: exec.status, error: exec.errorCode ?? '', cause: exec.errorMessage ?? '' };
}

/** A flow's executions in start order (append-only, so list tokens stay valid) and by name. */
interface FlowExecutions {
  list: StoredExecution[];
  byName: Map<string, StoredExecution>;
}

export interface ServiceOptions {
  store: Store;
  timeScale: number;
  createEngine(host: EngineHost): Engine;
  now?: () => number;
  /** Running executions allowed at once (the service's limit by default). */
  maxRunning?: number;
  /** What goes wrong where no request hears of it (a schedule that cannot start its flow). */
  log?(line: string): void;
}

type Handler = (params: Params, signal: AbortSignal) => object | Promise<object>;

const END_EVENT: Record<ExecutionResult['status'], EventType> = {
  Succeeded: 'ExecutionSucceeded',
  Failed: 'ExecutionFailed',
  TimedOut: 'ExecutionTimedOut',
  Stopped: 'ExecutionStopped',
};
const END_EVENTS = new Set(Object.values(END_EVENT));

const STATUSES: readonly ExecutionStatus[] = ['Starting', 'Running', 'Stopped', 'Succeeded', 'Failed', 'TimedOut'];

function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class LocalService implements EngineHost {
  readonly timeScale: number;
  readonly now: () => number;
  private readonly store: Store;
  private readonly engine: Engine;
  readonly flows: FlowCatalog;
  private readonly schedules: Scheduler;
  private readonly executions = new Map<string, FlowExecutions>();
  private readonly waiters = new Waiters<ExecutionRecord>();
  /** Executions compiled from their own definition on resume (one their flow no longer has), shared by definition text. */
  private readonly compiledByDefinition = new Map<string, CompiledFlow>();
  private readonly maxRunning: number;
  private running = 0;
  private closed = false;

  /** FNF:StartExecution tasks start executions here, as StartExecution does, and may wait for their end. */
  readonly children: ChildExecutions = {
    start: (FlowName, ExecutionName, input) =>
      this.startExecution({ FlowName, ...(ExecutionName === undefined ? {} : { ExecutionName }), Input: JSON.stringify(input ?? {}) }, 'Standard'),
    ended: async (exec, signal) => {
      await this.waitForEnd(exec, undefined, signal);
      return resultOf(exec);
    },
  };

  private readonly handlers: Record<string, Handler> = {
    ListFlows: (p) => this.flows.list(p),
    DescribeFlow: (p) => this.flows.describe(p),
    CreateFlow: (p) => this.flows.create(p),
    UpdateFlow: (p) => this.flows.update(p),
    DeleteFlow: (p) => {
      const answer = this.flows.delete(p);
      // A schedule belongs to its flow: it goes with it rather than fail every time it comes due.
      this.schedules.dropFlow(p.Name!);
      return answer;
    },
    CreateSchedule: (p) => this.schedules.create(p),
    UpdateSchedule: (p) => this.schedules.update(p),
    DeleteSchedule: (p) => this.schedules.delete(p),
    DescribeSchedule: (p) => this.schedules.describe(p),
    ListSchedules: (p) => this.schedules.list(p),
    StartExecution: (p) => toExecution(this.startExecution(p, 'Standard')),
    StartSyncExecution: (p, signal) => this.startSyncExecution(p, signal),
    DescribeExecution: (p, signal) => this.describeExecution(p, signal),
    StopExecution: (p) => this.stopExecution(p),
    ListExecutions: (p) => this.listExecutions(p),
    GetExecutionHistory: (p) => this.getExecutionHistory(p),
    ReportTaskSucceeded: (p) => ({
      EventId: this.engine.reportTask(required(p, 'TaskToken'), { output: jsonObject(p, 'Output', { optional: false }) }),
    }),
    ReportTaskFailed: (p) => ({
      EventId: this.engine.reportTask(required(p, 'TaskToken'), {
        error: required(p, 'Error'),
        cause: optional(p, 'Cause') ?? '',
      }),
    }),
  };

  constructor(opts: ServiceOptions) {
    this.store = opts.store;
    this.timeScale = opts.timeScale;
    this.now = opts.now ?? Date.now;
    this.maxRunning = opts.maxRunning ?? MAX_RUNNING_EXECUTIONS;
    this.engine = opts.createEngine(this);
    this.flows = new FlowCatalog(this.store, (definition) => this.engine.compile(definition), this.now);
    this.schedules = new Scheduler({
      store: this.store,
      timeScale: this.timeScale,
      now: this.now,
      requireFlow: (name) => void this.flows.get(name),
      start: (FlowName, ExecutionName, Input) => void this.startExecution({ FlowName, ExecutionName, Input }, 'Standard'),
      log: opts.log ?? (() => undefined),
    });
  }

  supports(action: string): boolean {
    return Object.hasOwn(this.handlers, action);
  }

  /** Whether the action may wait (long poll, synchronous execution) and so wants to hear of the client going away. */
  waits(action: string): boolean {
    return action === 'DescribeExecution' || action === 'StartSyncExecution';
  }

  handle(action: string, params: Params, signal: AbortSignal): object | Promise<object> {
    if (this.closed) throw new ServiceError('ServiceUnavailable', 'The local endpoint is shutting down.', 503);
    return this.handlers[action]!(params, signal);
  }

  /** Compiles a definition; throws FlowDefinitionError. A definition without a name is named after `fileName`. */
  compile(definition: string, fileName?: string): CompiledFlow {
    return this.engine.compile(definition, fileName ? { fileName } : undefined);
  }

  // ---- executions --------------------------------------------------------

  private executionsOf(flowName: string): FlowExecutions {
    let found = this.executions.get(flowName);
    if (!found) {
      found = { list: [], byName: new Map() };
      this.executions.set(flowName, found);
    }
    return found;
  }

  private execution(p: Params): StoredExecution {
    const flowName = requiredName(p, 'FlowName');
    const name = requiredName(p, 'ExecutionName');
    const exec = this.executions.get(flowName)?.byName.get(name);
    if (exec) return exec;
    if (!this.flows.has(flowName)) throw flowNotExists(flowName);
    throw new ServiceError('ExecutionNotExists', `Execution "${name}" of flow "${flowName}" does not exist.`, 404);
  }

  private startExecution(p: Params, mode: 'Standard' | 'Express'): StoredExecution {
    const flowName = requiredName(p, 'FlowName');
    const given = optional(p, 'ExecutionName');
    const name = given === undefined ? `exec_${randomUUID().replace(/-/g, '')}` : checkName(given, 'ExecutionName');
    const input = jsonObject(p, 'Input', { optional: true });
    const flow = this.flows.get(flowName);
    if (flow.record.executionMode !== mode) {
      throw new ServiceError('InvalidArgument', mode === 'Standard'
        ? `Flow "${flowName}" is an Express flow: start it with StartSyncExecution.`
        : `Flow "${flowName}" is a Standard flow: StartSyncExecution runs Express flows only.`);
    }
    const own = this.executionsOf(flowName);
    const existing = own.byName.get(name);
    if (existing) {
      // Same name, still running: the start is a retry; answer with what runs.
      if (!isEndStatus(existing.status)) return existing;
      throw new ServiceError('ExecutionAlreadyExists', `Execution "${name}" of flow "${flowName}" already exists and has ended (${existing.status}).`, 400);
    }
    if (this.running >= this.maxRunning) {
      throw new ServiceError('ExecutionLimitExceeded', `There are already ${this.maxRunning} running executions.`, 400);
    }
    const exec = newStoredExecution({
      flowName,
      name,
      status: 'Running',
      input,
      startedTime: this.now(),
      flowDefinition: flow.record.definition,
      roleArn: flow.record.roleArn,
      events: [],
    });
    own.list.push(exec);
    own.byName.set(name, exec);
    this.running++;
    this.run(exec, flow.compiled, 'start');
    // On disk before the answer: with whatever the engine did synchronously, in one write.
    this.store.flush(exec);
    return exec;
  }

  private run(exec: StoredExecution, compiled: CompiledFlow, how: 'start' | 'resume'): void {
    try {
      if (how === 'start') this.engine.start(exec, compiled);
      else this.engine.resume(exec, compiled);
    } catch (err) {
      this.endWithoutRun(exec, { status: 'Failed', error: 'FnF.RuntimeError', cause: (err as Error).message });
    }
  }

  private async startSyncExecution(p: Params, signal: AbortSignal): Promise<object> {
    const exec = this.startExecution(p, 'Express');
    await this.waitForEnd(exec, undefined, signal);
    const { Name, FlowName, Status, Output, ErrorCode, ErrorMessage, StartedTime, StoppedTime } = toExecution(exec);
    return { Name, FlowName, Status, Output, ErrorCode, ErrorMessage, StartedTime, StoppedTime };
  }

  private async describeExecution(p: Params, signal: AbortSignal): Promise<object> {
    const exec = this.execution(p);
    const waitSeconds = optionalInt(p, 'WaitTimeSeconds', 0, 60) ?? 0;
    if (waitSeconds > 0) await this.waitForEnd(exec, waitSeconds * 1000, signal);
    return toExecution(exec);
  }

  /** Resolves when the execution ends, the time is up, the client went away or the server closes. */
  private waitForEnd(exec: ExecutionRecord, timeoutMs: number | undefined, signal: AbortSignal): Promise<void> {
    if (isEndStatus(exec.status) || this.closed) return Promise.resolve();
    return this.waiters.wait(exec, timeoutMs, signal);
  }

  private stopExecution(p: Params): object {
    const exec = this.execution(p);
    const error = optionalLength(p, 'Error', 1, 128) ?? '';
    const cause = optionalLength(p, 'Cause', 1, 4096) ?? '';
    if (isEndStatus(exec.status)) {
      throw new ServiceError('ExecutionAlreadyCompleted', `Execution "${exec.name}" has already ended (${exec.status}).`, 400);
    }
    this.engine.stop(exec, error, cause);
    // An execution the engine holds has ended now; one still queued for a slot has not.
    this.endWithoutRun(exec, { status: 'Stopped', error, cause });
    return toExecution(exec);
  }

  private listExecutions(p: Params): object {
    const flowName = requiredName(p, 'FlowName');
    this.flows.get(flowName);
    const limit = optionalInt(p, 'Limit', 1, 100) ?? 60;
    const status = optional(p, 'Status');
    if (status !== undefined && !STATUSES.includes(status as ExecutionStatus)) {
      throw new ServiceError('InvalidArgument', `Status "${status}" is invalid: use one of ${STATUSES.join(', ')}.`);
    }
    const begin = optionalTime(p, 'StartedTimeBegin');
    const end = optionalTime(p, 'StartedTimeEnd');
    const prefix = optional(p, 'ExecutionNamePrefix');
    const metadataOnly = optionalBool(p, 'MetadataOnly');
    const { list } = this.executionsOf(flowName);
    // Newest first; the token is the position in the start-ordered list to continue from.
    const token = optional(p, 'NextToken');
    let index = list.length - 1;
    if (token !== undefined) {
      index = Number(token);
      if (!/^\d+$/.test(token) || index >= list.length) throw new ServiceError('InvalidArgument', `NextToken "${token}" is invalid.`);
    }
    const matches = (e: StoredExecution) =>
      (status === undefined || e.status === status) &&
      (begin === undefined || e.startedTime >= begin) &&
      (end === undefined || e.startedTime <= end) &&
      (prefix === undefined || e.name.startsWith(prefix));
    const page: Execution[] = [];
    for (; index >= 0; index--) {
      const e = list[index]!;
      if (!matches(e)) continue;
      if (page.length === limit) break;
      page.push(toExecution(e, metadataOnly));
    }
    return { Executions: page, ...(index >= 0 ? { NextToken: String(index) } : {}) };
  }

  private getExecutionHistory(p: Params): object {
    const exec = this.execution(p);
    const limit = optionalInt(p, 'Limit', 1, 1000) ?? 60;
    // The token is the EventId to continue from, so a watcher can also resume from the last event it saw.
    const token = optional(p, 'NextToken');
    const first = token === undefined ? 1 : Number(token);
    if (token !== undefined && (!/^\d+$/.test(token) || first < 1)) {
      throw new ServiceError('InvalidArgument', `NextToken "${token}" is invalid.`);
    }
    const events = exec.events.slice(first - 1, first - 1 + limit);
    const next = first + events.length;
    return { Events: events, ...(next <= exec.events.length ? { NextToken: String(next) } : {}) };
  }

  // ---- EngineHost ----------------------------------------------------------

  record(exec: ExecutionRecord, event: NewEvent): number {
    // The end event is written even at the limit: an execution that failed there must still say how it ended.
    if (exec.events.length >= MAX_EVENTS_PER_EXECUTION && !END_EVENTS.has(event.Type)) {
      throw new ServiceError('ExecutionEventsLimitExceeded', `Execution "${exec.name}" reached ${MAX_EVENTS_PER_EXECUTION} history events.`);
    }
    return this.append(exec, event);
  }

  private append(exec: ExecutionRecord, event: NewEvent): number {
    const recorded: HistoryEvent = {
      StepName: event.StepName,
      Type: event.Type,
      EventId: exec.events.length + 1,
      ScheduleEventId: event.ScheduleEventId,
      Time: rfc3339(this.now()),
      EventDetail: JSON.stringify(event.detail ?? {}),
    };
    exec.events.push(recorded);
    return recorded.EventId;
  }

  checkpoint(exec: ExecutionRecord, state: unknown): void {
    if (!isEndStatus(exec.status)) this.store.checkpoint(exec as StoredExecution, state);
  }

  /** The engine ended a run (it recorded the end event). */
  complete(exec: ExecutionRecord, result: ExecutionResult): void {
    const stored = exec as StoredExecution;
    if (isEndStatus(stored.status)) return;
    stored.status = result.status;
    stored.stoppedTime = this.now();
    if (result.status === 'Succeeded') stored.output = result.output;
    else {
      stored.errorCode = result.error;
      stored.errorMessage = result.cause;
    }
    this.running--;
    this.store.ended(stored);
    this.waiters.wake(stored);
  }

  /** Ends an execution no Run holds (it failed to start or resume, or waited for a slot): the service records the end. */
  private endWithoutRun(exec: StoredExecution, result: ExecutionResult): void {
    if (isEndStatus(exec.status)) return;
    this.append(exec, {
      Type: END_EVENT[result.status],
      StepName: '',
      ScheduleEventId: 0,
      detail: result.status === 'Succeeded' ? { output: parseOutput(result.output) } : { error: result.error, cause: result.cause },
    });
    this.complete(exec, result);
  }

  // ---- life cycle ----------------------------------------------------------

  /** Loads executions from the data dir and resumes those that were running. */
  restore(): { resumed: number; total: number } {
    let resumed = 0;
    const loaded = this.store.loadExecutions().sort((a, b) => a.startedTime - b.startedTime);
    for (const exec of loaded) {
      const own = this.executionsOf(exec.flowName);
      own.list.push(exec);
      own.byName.set(exec.name, exec);
    }
    for (const exec of loaded) {
      if (isEndStatus(exec.status)) continue;
      this.running++;
      resumed++;
      const compiled = this.compiledFor(exec);
      if (!compiled) continue;
      this.run(exec, compiled, exec.engineState === undefined ? 'start' : 'resume');
    }
    this.schedules.start();
    return { resumed, total: loaded.length };
  }

  private compiledFor(exec: StoredExecution): CompiledFlow | undefined {
    // Most executions run their flow's current definition, which the catalog compiled as it loaded.
    const current = this.flows.has(exec.flowName) ? this.flows.get(exec.flowName) : undefined;
    if (current?.record.definition === exec.flowDefinition) return current.compiled;
    let compiled = this.compiledByDefinition.get(exec.flowDefinition);
    if (!compiled) {
      try {
        compiled = this.engine.compile(exec.flowDefinition);
      } catch (err) {
        const cause = err instanceof FlowDefinitionError ? definitionProblem(err) : (err as Error).message;
        this.endWithoutRun(exec, { status: 'Failed', error: 'FnF.DefinitionError', cause });
        return undefined;
      }
      this.compiledByDefinition.set(exec.flowDefinition, compiled);
    }
    return compiled;
  }

  /** Answers pending long polls, stops the engine and writes what is pending. */
  async close(): Promise<void> {
    this.closed = true;
    this.schedules.close();
    this.waiters.wakeAll();
    await this.engine.close();
    this.store.flushAll();
  }
}
