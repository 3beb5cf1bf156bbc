// The actions of the fnf API over in-memory records, persisted by the Store
// and run by the engine. Implements EngineHost: the engine records events,
// checkpoints its state and completes executions through it.
import { randomUUID } from 'node:crypto';
import type { EventType, Execution, ExecutionStatus, Flow, HistoryEvent } from '../api/types.js';
import { END_STATUSES } from '../api/types.js';
import {
  checkName, jsonObject, optional, optionalBool, optionalInt, optionalLength, optionalTime, required, requiredName, rfc3339,
  type Params,
} from './params.js';
import type { FlowRecord, Store, StoredExecution } from './store.js';
import {
  FlowDefinitionError, ServiceError,
  type CompiledFlow, type Engine, type EngineHost, type ExecutionRecord, type ExecutionResult, type NewEvent,
} from './types.js';

export const MAX_RUNNING_EXECUTIONS = 10_000;
export const MAX_EVENTS_PER_EXECUTION = 5_000;

interface LiveFlow {
  record: FlowRecord;
  compiled: CompiledFlow;
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
}

type Handler = (params: Params, signal: AbortSignal) => object | Promise<object>;

const END_EVENT: Record<ExecutionResult['status'], EventType> = {
  Succeeded: 'ExecutionSucceeded',
  Failed: 'ExecutionFailed',
  TimedOut: 'ExecutionTimedOut',
  Stopped: 'ExecutionStopped',
};

const STATUSES: readonly ExecutionStatus[] = ['Starting', 'Running', 'Stopped', 'Succeeded', 'Failed', 'TimedOut'];

function isEnded(exec: ExecutionRecord): boolean {
  return END_STATUSES.includes(exec.status);
}

function flowNotExists(name: string): ServiceError {
  return new ServiceError('FlowNotExists', `Flow "${name}" does not exist.`, 404);
}

/** "Definition is invalid at States[2].Next: ..." — the API names the place, not a file. */
function invalidDefinition(err: FlowDefinitionError): ServiceError {
  const where = err.where ?? (err.line !== undefined ? `line ${err.line}` : undefined);
  return new ServiceError('InvalidArgument', `Definition is invalid${where ? ` at ${where}` : ''}: ${err.message}`);
}

function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toFlow(flow: FlowRecord): Flow {
  return {
    Name: flow.name,
    Id: flow.id,
    Description: flow.description,
    Definition: flow.definition,
    Type: flow.type,
    ...(flow.roleArn ? { RoleArn: flow.roleArn } : {}),
    ExecutionMode: flow.executionMode,
    CreatedTime: rfc3339(flow.createdTime),
    LastModifiedTime: rfc3339(flow.lastModifiedTime),
  };
}

function toExecution(exec: ExecutionRecord, metadataOnly = false): Execution {
  const out: Execution = { Name: exec.name, FlowName: exec.flowName, Status: exec.status, StartedTime: rfc3339(exec.startedTime) };
  if (!metadataOnly) {
    out.FlowDefinition = exec.flowDefinition;
    out.Input = exec.input;
    if (exec.output !== undefined) out.Output = exec.output;
  }
  if (exec.stoppedTime !== undefined) out.StoppedTime = rfc3339(exec.stoppedTime);
  if (exec.errorCode !== undefined) out.ErrorCode = exec.errorCode;
  if (exec.errorMessage !== undefined) out.ErrorMessage = exec.errorMessage;
  return out;
}

export class LocalService implements EngineHost {
  readonly timeScale: number;
  readonly now: () => number;
  private readonly store: Store;
  private readonly engine: Engine;
  private readonly flows = new Map<string, LiveFlow>();
  private readonly executions = new Map<string, FlowExecutions>();
  private readonly waiters = new Map<ExecutionRecord, Set<() => void>>();
  /** Executions compiled from their own definition on resume, shared by definition text. */
  private readonly compiledByDefinition = new Map<string, CompiledFlow>();
  private running = 0;
  private closed = false;

  private readonly handlers: Record<string, Handler> = {
    ListFlows: (p) => this.listFlows(p),
    DescribeFlow: (p) => toFlow(this.flow(requiredName(p, 'Name')).record),
    CreateFlow: (p) => this.createFlow(p),
    UpdateFlow: (p) => this.updateFlow(p),
    DeleteFlow: (p) => this.deleteFlow(p),
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
    this.engine = opts.createEngine(this);
    for (const flow of this.store.loadFlows()) {
      try {
        this.flows.set(flow.name, { record: flow, compiled: this.engine.compile(flow.definition) });
      } catch (err) {
        if (!(err instanceof FlowDefinitionError)) throw err;
        // Stored by an older engine that accepted it; executions of it still resume from their own copy.
      }
    }
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

  get runningCount(): number {
    return this.running;
  }

  flowNames(): string[] {
    return [...this.flows.keys()].sort();
  }

  // ---- flows -------------------------------------------------------------

  /** Compiles a definition; throws FlowDefinitionError. An empty compiled name means "name it after the file". */
  compile(definition: string, fileName?: string): CompiledFlow {
    return this.engine.compile(definition, fileName ? { fileName } : undefined);
  }

  /** A flow from the --flows directory: replaces a stored one of that name for this run, and is not persisted. */
  putFileFlow(name: string, definition: string, compiled: CompiledFlow, mtimeMs: number): void {
    const previous = this.flows.get(name)?.record;
    this.flows.set(name, {
      record: {
        name,
        id: previous?.id ?? randomUUID(),
        description: previous?.description ?? '',
        definition,
        type: 'FDL',
        executionMode: 'Standard',
        createdTime: previous?.createdTime ?? mtimeMs,
        lastModifiedTime: mtimeMs,
      },
      compiled,
    });
  }

  private flow(name: string): LiveFlow {
    const flow = this.flows.get(name);
    if (!flow) throw flowNotExists(name);
    return flow;
  }

  private compileForApi(definition: string): CompiledFlow {
    try {
      return this.engine.compile(definition);
    } catch (err) {
      if (err instanceof FlowDefinitionError) throw invalidDefinition(err);
      throw err;
    }
  }

  private listFlows(p: Params): object {
    const limit = optionalInt(p, 'Limit', 1, 1000) ?? 60;
    const from = optional(p, 'NextToken');
    const names = this.flowNames().filter((n) => from === undefined || n >= from);
    const page = names.slice(0, limit).map((n) => toFlow(this.flows.get(n)!.record));
    return { Flows: page, ...(names.length > limit ? { NextToken: names[limit] } : {}) };
  }

  private checkFlowAttributes(p: Params): { executionMode?: 'Standard' | 'Express' } {
    const type = optional(p, 'Type');
    if (type !== undefined && type !== 'FDL') throw new ServiceError('InvalidArgument', `Type "${type}" is invalid: only FDL is supported.`);
    const mode = optional(p, 'ExecutionMode');
    if (mode !== undefined && mode !== 'Standard' && mode !== 'Express') {
      throw new ServiceError('InvalidArgument', `ExecutionMode "${mode}" is invalid: use Standard or Express.`);
    }
    optionalLength(p, 'Description', 0, 256);
    return { executionMode: mode };
  }

  private createFlow(p: Params): object {
    const name = requiredName(p, 'Name');
    const definition = required(p, 'Definition');
    const { executionMode } = this.checkFlowAttributes(p);
    if (this.flows.has(name)) throw new ServiceError('FlowAlreadyExists', `Flow "${name}" already exists.`, 409);
    const compiled = this.compileForApi(definition);
    const now = this.now();
    const record: FlowRecord = {
      name,
      id: randomUUID(),
      description: optional(p, 'Description') ?? '',
      definition,
      type: 'FDL',
      roleArn: optional(p, 'RoleArn'),
      executionMode: executionMode ?? 'Standard',
      createdTime: now,
      lastModifiedTime: now,
    };
    this.store.saveFlow(record);
    this.flows.set(name, { record, compiled });
    return toFlow(record);
  }

  private updateFlow(p: Params): object {
    const name = requiredName(p, 'Name');
    const { executionMode } = this.checkFlowAttributes(p);
    const current = this.flow(name);
    const definition = optional(p, 'Definition');
    const compiled = definition === undefined ? current.compiled : this.compileForApi(definition);
    const record: FlowRecord = {
      ...current.record,
      definition: definition ?? current.record.definition,
      description: optional(p, 'Description') ?? current.record.description,
      roleArn: optional(p, 'RoleArn') ?? current.record.roleArn,
      executionMode: executionMode ?? current.record.executionMode,
      lastModifiedTime: this.now(),
    };
    this.store.saveFlow(record);
    this.flows.set(name, { record, compiled });
    return toFlow(record);
  }

  private deleteFlow(p: Params): object {
    const name = requiredName(p, 'Name');
    this.flow(name);
    this.store.deleteFlow(name);
    this.flows.delete(name);
    return {};
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
    const flow = this.flow(flowName);
    if (flow.record.executionMode !== mode) {
      throw new ServiceError('InvalidArgument', mode === 'Standard'
        ? `Flow "${flowName}" is an Express flow: start it with StartSyncExecution.`
        : `Flow "${flowName}" is a Standard flow: StartSyncExecution runs Express flows only.`);
    }
    const own = this.executionsOf(flowName);
    const existing = own.byName.get(name);
    if (existing) {
      // Same name, still running: the start is a retry; answer with what runs.
      if (!isEnded(existing)) return existing;
      throw new ServiceError('ExecutionAlreadyExists', `Execution "${name}" of flow "${flowName}" already exists and has ended (${existing.status}).`, 400);
    }
    if (this.running >= MAX_RUNNING_EXECUTIONS) {
      throw new ServiceError('ExecutionLimitExceeded', `There are already ${MAX_RUNNING_EXECUTIONS} running executions.`, 400);
    }
    const exec: StoredExecution = {
      flowName,
      name,
      status: 'Running',
      input,
      startedTime: this.now(),
      flowDefinition: flow.record.definition,
      events: [],
      headerWritten: false,
      persistedEvents: 0,
      checkpointEvents: 0,
      stateDirty: false,
      logBytes: 0,
      staleBytes: 0,
      lastStateBytes: 0,
    };
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
      this.complete(exec, { status: 'Failed', error: 'FnF.RuntimeError', cause: (err as Error).message });
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
    if (isEnded(exec) || signal.aborted || this.closed) return Promise.resolve();
    let waiting = this.waiters.get(exec);
    if (!waiting) {
      waiting = new Set();
      this.waiters.set(exec, waiting);
    }
    const set = waiting;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(exec) === set) this.waiters.delete(exec);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  private wake(exec: ExecutionRecord): void {
    const set = this.waiters.get(exec);
    if (set) for (const done of [...set]) done();
  }

  private stopExecution(p: Params): object {
    const exec = this.execution(p);
    const error = optionalLength(p, 'Error', 1, 128) ?? '';
    const cause = optionalLength(p, 'Cause', 1, 4096) ?? '';
    if (isEnded(exec)) {
      throw new ServiceError('ExecutionAlreadyCompleted', `Execution "${exec.name}" has already ended (${exec.status}).`, 400);
    }
    this.engine.stop(exec, error, cause);
    this.complete(exec, { status: 'Stopped', error, cause });
    return toExecution(exec);
  }

  private listExecutions(p: Params): object {
    const flowName = requiredName(p, 'FlowName');
    this.flow(flowName);
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
    if (exec.events.length >= MAX_EVENTS_PER_EXECUTION) {
      throw new ServiceError('ExecutionEventsLimitExceeded', `Execution "${exec.name}" reached ${MAX_EVENTS_PER_EXECUTION} history events.`);
    }
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
    const stored = exec as StoredExecution;
    if (isEnded(stored)) return;
    stored.engineState = state;
    stored.pendingState = JSON.stringify(state);
    stored.stateDirty = true;
    stored.checkpointEvents = stored.events.length;
    this.store.markDirty(stored);
  }

  complete(exec: ExecutionRecord, result: ExecutionResult): void {
    const stored = exec as StoredExecution;
    if (isEnded(stored)) return;
    const endEvent = END_EVENT[result.status];
    if (stored.events.at(-1)?.Type !== endEvent) {
      this.record(stored, {
        Type: endEvent,
        StepName: '',
        ScheduleEventId: 0,
        detail: result.status === 'Succeeded' ? { output: parseOutput(result.output) } : { error: result.error, cause: result.cause },
      });
    }
    stored.status = result.status;
    stored.stoppedTime = this.now();
    if (result.status === 'Succeeded') stored.output = result.output;
    else {
      stored.errorCode = result.error;
      stored.errorMessage = result.cause;
    }
    stored.engineState = undefined;
    stored.pendingState = undefined;
    stored.stateDirty = true;
    stored.checkpointEvents = stored.events.length;
    this.running--;
    this.store.flush(stored);
    this.wake(stored);
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
      if (isEnded(exec)) continue;
      this.running++;
      resumed++;
      const compiled = this.compiledFor(exec);
      if (!compiled) continue;
      this.run(exec, compiled, exec.engineState === undefined ? 'start' : 'resume');
    }
    return { resumed, total: loaded.length };
  }

  private compiledFor(exec: StoredExecution): CompiledFlow | undefined {
    let compiled = this.compiledByDefinition.get(exec.flowDefinition);
    if (!compiled) {
      try {
        compiled = this.engine.compile(exec.flowDefinition);
      } catch (err) {
        this.complete(exec, { status: 'Failed', error: 'FnF.DefinitionError', cause: (err as Error).message });
        return undefined;
      }
      this.compiledByDefinition.set(exec.flowDefinition, compiled);
    }
    return compiled;
  }

  /** Answers pending long polls, stops the engine and writes what is pending. */
  async close(): Promise<void> {
    this.closed = true;
    for (const exec of [...this.waiters.keys()]) this.wake(exec);
    await this.engine.close();
    this.store.flushAll();
  }
}
