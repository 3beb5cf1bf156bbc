// The contract between the local endpoint's service layer (HTTP, store,
// persistence: server.ts, service.ts, store.ts) and its flow engine
// (engine/, flow/). The service owns records and persistence; the engine
// owns what runs, and keeps everything it needs to resume in a JSON-
// serialisable state that the host persists with checkpoint().
import type { ExecutionStatus, HistoryEvent, EventType } from '../api/types.js';
import type { TaskExecutor, Timers } from './engine/hooks.js';

/** The service keeps at most this many history events per execution. */
export const MAX_EVENTS_PER_EXECUTION = 5_000;

/** An error with an API error code, answered as {Code, Message} with its HTTP status. */
export class ServiceError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

/**
 * A flow definition that does not parse or validate. The message is the problem alone; `where` names the
 * place ("States[2].Next", or "line 7" when the text does not parse) and `line` its line, for callers to show once.
 */
export class FlowDefinitionError extends Error {
  constructor(message: string, readonly where?: string, readonly line?: number, readonly column?: number) {
    super(message);
  }

  /** `where` when it is a path in the definition, not only its line. */
  get path(): string | undefined {
    return this.where === `line ${this.line}` ? undefined : this.where;
  }

  /** "States[2].Next (line 7)", "line 4" or undefined: the place, for messages that name no file. */
  get place(): string | undefined {
    const line = this.line === undefined ? undefined : `line ${this.line}`;
    return this.path && line ? `${this.path} (${line})` : (this.path ?? line);
  }
}

export interface CompiledFlow {
  name: string;
  language: 'cloudflow' | 'fdl';
  /** Opaque to the host; the engine's parsed and validated form. */
  readonly program: unknown;
}

export interface ExecutionRecord {
  flowName: string;
  name: string;
  status: ExecutionStatus;
  /** JSON object text, as given to StartExecution. */
  input: string;
  output?: string;
  errorCode?: string;
  errorMessage?: string;
  /** Epoch ms. */
  startedTime: number;
  stoppedTime?: number;
  flowDefinition: string;
  /** The flow's RoleArn when the execution started, kept with it like its definition ($Context.Execution.RoleArn). */
  roleArn?: string;
  events: HistoryEvent[];
  /** The engine's resumable state, as last checkpointed. */
  engineState?: unknown;
}

export interface NewEvent {
  Type: EventType;
  StepName: string;
  ScheduleEventId: number;
  /** Serialised by the host to the EventDetail JSON string. */
  detail?: Record<string, unknown>;
}

export type ExecutionResult =
  | { status: 'Succeeded'; output: string }
  | { status: 'Failed' | 'TimedOut' | 'Stopped'; error: string; cause: string };

/** Executions of other flows that a task starts (FNF:StartExecution), through the service's own StartExecution. */
export interface ChildExecutions {
  /** Starts one (a running execution of that name is the one returned); throws ServiceError as StartExecution does. */
  start(flowName: string, executionName: string | undefined, input: unknown): ExecutionRecord;
  /** How it ended, once it has; undefined when the endpoint closes or `signal` aborts first. */
  ended(exec: ExecutionRecord, signal: AbortSignal): Promise<ExecutionResult | undefined>;
}

/** What the engine may do to the world. Implemented by the service. */
export interface EngineHost {
  /** Wall-clock epoch ms. */
  now(): number;
  /** Wait states and timeouts run this many times faster (1 = real time). */
  readonly timeScale: number;
  /** Appends an event and returns its EventId. Throws ServiceError when the 5,000-event limit is hit. */
  record(exec: ExecutionRecord, event: NewEvent): number;
  /** Persist the engine's state for exec (the host may coalesce writes; events recorded so far go with it). */
  checkpoint(exec: ExecutionRecord, state: unknown): void;
  /** The execution reached an end: the host records the status, persists, and answers pending long polls. */
  complete(exec: ExecutionRecord, result: ExecutionResult): void;
  /** Other flows' executions, where the host keeps flows (the local service; not an in-memory test host). */
  readonly children?: ChildExecutions;
}

export interface TaskOutcome {
  output?: string;
  error?: string;
  cause?: string;
}

export interface Engine {
  compile(definition: string, opts?: { fileName?: string }): CompiledFlow;
  start(exec: ExecutionRecord, flow: CompiledFlow): void;
  /** After a restart: continue from exec.engineState (a Wait resumes with the time that remained). */
  resume(exec: ExecutionRecord, flow: CompiledFlow): void;
  /** StopExecution: stop every running branch, iteration and task; the host then completes it as Stopped. */
  stop(exec: ExecutionRecord, error: string, cause: string): void;
  /** ReportTaskSucceeded/Failed. Throws ServiceError TaskAlreadyCompleted / TaskInvalidState. Returns the EventId recorded. */
  reportTask(token: string, outcome: TaskOutcome): number;
  /** Stop all timers and in-flight work (server shutdown); state stays as checkpointed. */
  close(): Promise<void>;
}

export interface EngineOptions {
  host: EngineHost;
  /** Directory of `<service>/<function>.mjs` and `<function>.mjs` modules for FC:InvokeFunction tasks. */
  functionsDir?: string;
  /** What runs Task steps (default: the TaskRunner over functionsDir); `fnf test` answers them from mocks. */
  tasks?: TaskExecutor;
  /** Timers for Waits, retries and timeouts (default: real ones); `fnf test` runs them on a virtual clock with host.now(). */
  timers?: Timers;
}
