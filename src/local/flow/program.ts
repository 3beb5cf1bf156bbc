// The engine's form of a flow, whichever language it was written in. Each
// language compiles its data handling (constructors, mappings, merge rules)
// into the closures below, so the engine runs one state machine for both.

/** A step's error as flows see it ($Context.Current.Error, a Catch's $Output). */
export interface StepErrorView {
  Code: string;
  Detail: string;
}

/**
 * Where a step runs, as the engine knows it. Execution and Current are CloudFlow's $Context as
 * help/en/serverless-workflow/latest/data-transfer lists it; Flow and StepEventId are only FDL's ($context.flow.name,
 * $context.step.eventId), which CloudFlow's $Context does not show.
 */
export interface ContextView {
  Execution: { Name: string; Input: unknown; RoleArn?: string };
  Current: { Name: string; Input: unknown; Output?: unknown; Error?: StepErrorView; RetryCount: number; TaskToken?: string };
  Flow: { Name: string };
  /** EventId of the step's StepEntered (the id it is about to get while its input is being built). */
  StepEventId: number;
}

/**
 * The data a scope (the whole flow, a branch, an iteration) carries between
 * its steps; JSON-serialisable. CloudFlow: the value flowing from step to
 * step. FDL: the scope's input and its $local.
 */
export type Frame = unknown;

export interface DataModel {
  open(input: unknown): Frame;
  close(frame: Frame): unknown;
}

/** Execution-wide variables: CloudFlow states write them with GlobalConstructor and read them as $Global. */
export type Globals = Readonly<Record<string, unknown>>;

export interface StepIo {
  /** The step's effective input, from the scope's frame. */
  input(frame: Frame, context: ContextView, globals: Globals): unknown;
  /**
   * The frame after the step produced `result`, the step's output (for events) and, when the step writes any,
   * the execution's globals after it.
   */
  output(frame: Frame, input: unknown, result: unknown, context: ContextView, globals: Globals): { frame: Frame; output: unknown; globals?: Globals };
}

export interface RetryRule {
  errors: readonly string[];
  maxAttempts: number;
  intervalSeconds: number;
  backoffRate: number;
  maxBackoffSeconds?: number;
}

export interface CatchRule {
  errors: readonly string[];
  next: string;
  /** The frame and the step's output once caught. */
  caught(frame: Frame, input: unknown, error: StepErrorView, context: ContextView, globals: Globals): { frame: Frame; output: unknown };
}

export interface Scope {
  startAt: string;
  states: ReadonlyMap<string, StateNode>;
  data: DataModel;
}

interface Base {
  name: string;
  /** The type name the language uses, shown as stateType in events. */
  type: string;
  /** Where to go after the step; undefined ends the scope. */
  next?: string;
  io: StepIo;
  retry: readonly RetryRule[];
  catch: readonly CatchRule[];
}

export interface PassNode extends Base { kind: 'pass' }
export interface SucceedNode extends Base { kind: 'succeed' }
export interface FailNode extends Base {
  kind: 'fail';
  error(input: unknown, context: ContextView): string;
  cause(input: unknown, context: ContextView): string;
}
export interface WaitNode extends Base {
  kind: 'wait';
  /** Seconds to wait, or an absolute time (epoch ms) to wait until. */
  duration(input: unknown, context: ContextView): { seconds: number } | { until: number };
}

export interface ChoiceTarget {
  next?: string;
  /** FDL: steps nested in the choice, run before going on to the choice's next. */
  scope?: Scope;
}
export interface ChoiceNode extends Base {
  kind: 'choice';
  branches: ReadonlyArray<ChoiceTarget & { test(input: unknown, context: ContextView): boolean }>;
  otherwise?: ChoiceTarget;
}

/** A funcraft `!Ref service/function` (or `service.qualifier/function`) as a flow holds it; `fun deploy` puts the ARN there. */
export const FUNCTION_REF = /^([A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_-]+)?\/([A-Za-z0-9_-]+)$/;

/** A task's Action (CloudFlow) or action (FDL): <Service>:<Operation>, such as FC:InvokeFunction. */
export const ACTION_NAME = /^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/;

/** The size of `value` written as JSON, as the state data limits count it (nothing: 0). */
export const jsonBytes = (value: unknown): number => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? ''));

/** `value` when it is an object (not an array), else an empty one: for data, or a document, that may hold anything there. */
export const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export interface TaskRequest {
  action: string;
  resourceArn?: string;
  /** FC:InvokeFunction's event, HTTP:Request's parameters. */
  parameters: Record<string, unknown>;
  body?: unknown;
  invocationType: 'Sync' | 'Async';
  /** WaitForSystemCallback: the task ends when the work it started (an Async function, a child execution) ends. */
  waitsForCompletion?: boolean;
  /** How long the call may take before it fails with `timeoutError`; none when undefined. */
  timeoutSeconds?: number;
  /** The error a timed-out call fails with: FnF.Timeout unless the language names another (FDL: FnF.TaskTimeout). */
  timeoutError?: string;
}
export interface TaskNode extends Base {
  kind: 'task';
  callback: boolean;
  request(input: unknown, context: ContextView): TaskRequest;
  /** The step's output from what the task runner returned (CloudFlow wraps a function's result in the FC response). */
  response?(result: unknown, req: TaskRequest): unknown;
}

export interface ParallelNode extends Base {
  kind: 'parallel';
  branches: readonly Scope[];
  combine(outputs: unknown[]): unknown;
}
export interface MapNode extends Base {
  kind: 'map';
  items(input: unknown, context: ContextView): unknown[];
  iterationInput(input: unknown, item: unknown, index: number, context: ContextView): unknown;
  processor: Scope;
  /** 0: no limit. */
  maxConcurrency: number;
  combine(outputs: unknown[]): unknown;
}

export type StateNode = PassNode | SucceedNode | FailNode | WaitNode | ChoiceNode | TaskNode | ParallelNode | MapNode;

export interface Program {
  root: Scope;
  /** How long the whole execution may run before it ends TimedOut (FDL's flow timeoutSeconds); no limit when undefined. */
  timeoutSeconds?: number;
  /**
   * The language's limit on the data a state takes in and gives out (CloudFlow: 64 KiB each), given their sizes
   * (jsonBytes): the problem, if any. The engine measures the input once, as the state enters (`outputBytes`
   * undefined), and hands the same figure again with the output's as it exits. Over the limit the execution fails,
   * as the pages say, with STATE_DATA_ERROR.
   */
  checkStateData?(inputBytes: number, outputBytes: number | undefined): string | undefined;
}

/** https://alibabacloud.com/help/en/serverless-workflow/latest/input-and-output: a CloudFlow state's input or output is at most 64 KiB. */
export const MAX_STATE_DATA = 64 * 1024;

/** The error of an execution a state's data was too large for; the pages name no code for it. */
export const STATE_DATA_ERROR = 'FnF.StateDataLimitExceeded';

/** A runtime error raised by data handling (bad path, wrong type); fails the step like a task error. */
export class StepError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
