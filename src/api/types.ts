// Shapes of the fnf 2019-03-15 API as it travels on the wire (PascalCase field
// names, Input/Output as JSON strings, times as RFC 3339 UTC with milliseconds).
// The CLI, the local endpoint and the tests all use these.

export type ExecutionStatus = 'Starting' | 'Running' | 'Stopped' | 'Succeeded' | 'Failed' | 'TimedOut';
export const END_STATUSES: readonly ExecutionStatus[] = ['Stopped', 'Succeeded', 'Failed', 'TimedOut'];

export function isEndStatus(status: string): boolean {
  return (END_STATUSES as readonly string[]).includes(status);
}

export interface Execution {
  Name: string;
  FlowName: string;
  FlowDefinition?: string;
  Input?: string;
  Output?: string;
  Status: ExecutionStatus;
  StartedTime: string;
  StoppedTime?: string;
  /** Present when Status is Failed/TimedOut/Stopped: the error code and cause of the end. */
  ErrorCode?: string;
  ErrorMessage?: string;
  Environment?: string;
  RoleArn?: string;
}

export type EventType =
  | 'ExecutionStarted' | 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionStopped' | 'ExecutionTimedOut'
  | 'StepEntered' | 'StepStarted' | 'StepSucceeded' | 'StepFailed' | 'StepExited'
  | 'BranchEntered' | 'BranchExited' | 'IterationEntered' | 'IterationExited'
  | 'TaskScheduled' | 'TaskStarted' | 'TaskSubmitted' | 'TaskSubmitFailed'
  | 'TaskSucceeded' | 'TaskFailed' | 'TaskTimedOut';

/**
 * One history event. Nesting convention (what the local endpoint records and
 * the watcher reads): ScheduleEventId is the EventId of the event that opened
 * the scope this event belongs to — for a StepEntered, the enclosing
 * BranchEntered/IterationEntered (0 at top level); for every other step event
 * (StepExited, Task*, BranchEntered, IterationEntered…), the StepEntered of
 * its step; for Branch/IterationExited, the matching Entered.
 * EventDetail is a JSON string; see EventDetail below for the keys used.
 */
export interface HistoryEvent {
  StepName: string;
  Type: EventType;
  EventId: number;
  ScheduleEventId: number;
  Time: string;
  EventDetail: string;
}

/**
 * Keys found in EventDetail (all optional): `input`/`output` (JSON objects),
 * `stateType` ("Wait", "Map"…), `seconds`/`until` (Wait, until as RFC 3339),
 * `index` (branch or iteration), `itemsCount` (Map, on its StepStarted),
 * `error`/`cause`, `taskToken`, `resourceArn`, `retryCount`.
 */
export interface EventDetail {
  input?: unknown;
  output?: unknown;
  stateType?: string;
  seconds?: number;
  until?: string;
  index?: number;
  itemsCount?: number;
  error?: string;
  cause?: string;
  taskToken?: string;
  resourceArn?: string;
  retryCount?: number;
}

export interface Flow {
  Name: string;
  Id: string;
  Description: string;
  Definition: string;
  Type: string;
  RoleArn?: string;
  ExecutionMode: 'Standard' | 'Express';
  CreatedTime: string;
  LastModifiedTime: string;
}

/** A time-based schedule: at each time its CronExpression names, StartExecution with Payload as the input. */
export interface Schedule {
  ScheduleName: string;
  ScheduleId: string;
  CronExpression: string;
  /** JSON object text. */
  Payload?: string;
  Enable: boolean;
  Description?: string;
  CreatedTime: string;
  LastModifiedTime: string;
}

interface WithRequestId { RequestId: string }

interface ScheduleFields { Description?: string; Payload?: string; CronExpression?: string; Enable?: boolean }

/** Every action: its request parameters and its response body. */
export interface ActionMap {
  StartExecution: {
    req: { FlowName: string; ExecutionName?: string; Input?: string; CallbackFnFTaskToken?: string; Qualifier?: string };
    res: Execution & WithRequestId;
  };
  StartSyncExecution: {
    req: { FlowName: string; ExecutionName?: string; Input?: string };
    res: Pick<Execution, 'Name' | 'FlowName' | 'Status' | 'Output' | 'ErrorCode' | 'ErrorMessage' | 'StartedTime' | 'StoppedTime'> & WithRequestId;
  };
  DescribeExecution: {
    req: { FlowName: string; ExecutionName: string; WaitTimeSeconds?: number };
    res: Execution & WithRequestId;
  };
  StopExecution: {
    req: { FlowName: string; ExecutionName: string; Error?: string; Cause?: string };
    res: Execution & WithRequestId;
  };
  ListExecutions: {
    req: {
      FlowName: string; NextToken?: string; Limit?: number; Status?: ExecutionStatus;
      StartedTimeBegin?: string; StartedTimeEnd?: string; ExecutionNamePrefix?: string; MetadataOnly?: boolean;
    };
    res: { Executions: Execution[]; NextToken?: string } & WithRequestId;
  };
  GetExecutionHistory: {
    req: { FlowName: string; ExecutionName: string; NextToken?: string; Limit?: number };
    res: { Events: HistoryEvent[]; NextToken?: string } & WithRequestId;
  };
  DescribeFlow: { req: { Name: string }; res: Flow & WithRequestId };
  ListFlows: { req: { NextToken?: string; Limit?: number }; res: { Flows: Flow[]; NextToken?: string } & WithRequestId };
  CreateFlow: {
    req: { Name: string; Definition: string; Description?: string; Type?: string; RoleArn?: string; ExecutionMode?: string };
    res: Flow & WithRequestId;
  };
  UpdateFlow: {
    req: { Name: string; Definition?: string; Description?: string; Type?: string; RoleArn?: string; ExecutionMode?: string };
    res: Flow & WithRequestId;
  };
  DeleteFlow: { req: { Name: string }; res: WithRequestId };
  CreateSchedule: {
    req: { FlowName: string; ScheduleName: string; CronExpression: string } & ScheduleFields;
    res: Schedule & WithRequestId;
  };
  UpdateSchedule: { req: { FlowName: string; ScheduleName: string } & ScheduleFields; res: Schedule & WithRequestId };
  DeleteSchedule: { req: { FlowName: string; ScheduleName: string }; res: WithRequestId };
  DescribeSchedule: { req: { FlowName: string; ScheduleName: string }; res: Schedule & WithRequestId };
  ListSchedules: {
    req: { FlowName: string; NextToken?: string; Limit?: number };
    res: { Schedules: Schedule[]; NextToken?: string } & WithRequestId;
  };
  ReportTaskSucceeded: { req: { TaskToken: string; Output: string }; res: { EventId: number } & WithRequestId };
  ReportTaskFailed: { req: { TaskToken: string; Error: string; Cause?: string }; res: { EventId: number } & WithRequestId };
}
export type Action = keyof ActionMap;

export interface CallOptions {
  signal?: AbortSignal;
  /** Per-request read timeout in ms (a long poll needs WaitTimeSeconds + margin). */
  timeoutMs?: number;
  /**
   * false: a throttled request fails at once (NetworkError ResourceThrottled)
   * instead of being retried, for a poller that can simply look again later.
   */
  retryThrottled?: boolean;
}

/** The typed API client. Errors are thrown as FnfError (API) or NetworkError (after retries). */
export interface FnfClient {
  call<A extends Action>(action: A, params: ActionMap[A]['req'], opts?: CallOptions): Promise<ActionMap[A]['res']>;
  /** Where requests go, for messages ("in cn-hangzhou", "at http://127.0.0.1:8787"). */
  readonly region: string;
  readonly endpoint: string;
  /** Requests sent so far (retries included); for --verbose and the request budget. */
  readonly requestCount: number;
  /** Requests the service refused as throttled (ResourceThrottled): callers that poll slow down on it. */
  readonly throttledCount?: number;
  /** The profile's own defaults for flags the user did not type (`output: json`, `timeout: 10m`). */
  readonly defaults?: { output?: string; timeout?: string };
}

/** An answer without its RequestId: what fnf shows and keeps of it. */
export function withoutRequestId<T extends { RequestId?: string }>(res: T): Omit<T, 'RequestId'> {
  const { RequestId: _omit, ...rest } = res;
  return rest;
}
