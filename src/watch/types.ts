// The watcher's output: a snapshot of an execution as a step tree, rebuilt
// from history events. Renderers consume only this.
import type { Execution, HistoryEvent } from '../api/types.js';

/**
 * `caught`: the step failed and a Catch handled its error (the flow went on,
 * or the step around it ended well), so the execution did not fail there.
 * `failed` stays open until the execution ends: a Catch may still take it.
 */
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'caught' | 'stopped';

export interface StepNode {
  /** EventId of the step's StepEntered: stable across snapshots. */
  id: number;
  name: string;
  /** Pass, Task, Wait, Choice, Parallel, Map, Succeed, Fail (older FDL: its lower-case types), when known. */
  stateType?: string;
  status: StepStatus;
  enteredAt: number;
  exitedAt?: number;
  /** Wait states: when the wait ends (epoch ms), so a renderer can show the time left. */
  waitUntil?: number;
  error?: string;
  cause?: string;
  retryCount?: number;
  /** A Task waiting for a callback: the token `fnf task succeed|fail` answers it with. */
  taskToken?: string;
  /** Parallel: one entry per branch, in branch order. */
  branches?: BranchNode[];
  /** Map (and foreach): a summary, never one node per item. */
  map?: MapSummary;
}

export interface BranchNode {
  index: number;
  status: StepStatus;
  steps: StepNode[];
}

export interface MapSummary {
  /** Number of items, when the history tells it. */
  total?: number;
  done: number;
  running: number;
  failed: number;
}

export interface Snapshot {
  flowName: string;
  executionName: string;
  /** The latest DescribeExecution answer. */
  execution: Execution;
  /** Top-level steps in the order they were entered. */
  steps: StepNode[];
  startedAt: number;
  endedAt?: number;
  /** True once the execution reached an end status. */
  done: boolean;
}

export interface WatchUpdate {
  snapshot: Snapshot;
  /** Events that arrived since the previous update, oldest first. */
  events: HistoryEvent[];
  /** An end told before its last events were read (many ends at once outrun the request budget). */
  unread?: boolean;
}
