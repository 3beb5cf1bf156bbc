// The engine's resumable state of one execution: plain JSON, handed to
// host.checkpoint() after every batch of transitions and read back by
// resume(). Times are wall-clock epoch ms, already divided by the time scale.
import type { StepErrorView } from '../flow/program.js';

export interface ExecState {
  version: 1;
  input: unknown;
  /** $Global: what the states' GlobalConstructors wrote so far (absent until one does). */
  globals?: Record<string, unknown>;
  root: ScopeState;
}

/** A run of a list of states: the flow itself, a branch, an iteration, a choice's nested steps. */
export interface ScopeState {
  /** The state being run (or about to be entered). */
  at: string;
  frame: unknown;
  /** EventId of the enclosing BranchEntered/IterationEntered; 0 at top level. */
  parent: number;
  step?: StepState;
}

export interface StepState {
  /** EventId of its StepEntered. */
  entered: number;
  input: unknown;
  /** The JSON size of `input`, for the language's state data limit (measured as the state enters; a checkpoint of 0.2.0 has none). */
  inputBytes?: number;
  retryCount: number;
  /** Retries used, per Retry rule. */
  attempts?: number[];
  error?: StepErrorView;
  /** Set while waiting to retry. */
  retryAt?: number;
  waitUntil?: number;
  token?: string;
  deadline?: number;
  branches?: ChildState[];
  map?: MapState;
  /** A choice running its nested steps: which target (-1 = default) and where it is. */
  inline?: { target: number; scope: ScopeState };
}

export interface ChildState {
  /** EventId of its BranchEntered/IterationEntered. */
  entered: number;
  scope: ScopeState;
  done?: boolean;
  output?: unknown;
}

export interface MapState {
  count: number;
  /** Next item index to start. */
  next: number;
  active: number;
  finished: number;
  running: Record<number, ChildState>;
  outputs: unknown[];
}
