// What every renderer of a watch implements, and how a watch can end.
import type { Snapshot, WatchUpdate } from '../watch/types.js';
import type { Query } from './query.js';

export type FollowEnd =
  | { kind: 'done'; snapshot: Snapshot }
  /** The CLI's own --timeout elapsed, or the user detached (q, Ctrl-C): the execution keeps running. */
  | { kind: 'timeout' | 'detached'; snapshot?: Snapshot }
  /** Nothing could be read of an execution fnf did not start (a name that does not exist): the error is all fnf prints. */
  | { kind: 'unread'; snapshot?: undefined };

export interface Renderer {
  update(update: WatchUpdate): void;
  /** Prints the end (view, result, resume command) and releases the terminal. */
  finish(end: FollowEnd): Promise<void>;
}

/** What an interactive renderer may ask of the follower. */
export interface FollowControls {
  /** Stop watching (the execution keeps running); exit 130. */
  detach(): void;
  /** StopExecution; the watch then sees the Stopped end. */
  stop(): Promise<void>;
}

export interface RenderContext {
  flowName: string;
  executionName: string;
  /** `fnf wait …`, printed when the watch ends before the execution. */
  resumeCommand: string;
  /** `fnf describe … --output json`, named when output is cut short. */
  describeCommand: string;
  /** `fnf describe … --history`, named after a failure. */
  historyCommand: string;
  timeoutMs?: number;
  /** --query: what the JSON modes print of each document or line. */
  query?: Query;
}

/** How a watch of many executions ended: the latest snapshot of each (none for one never seen). */
export interface ManyEnd {
  /**
   * done: the wait is over (all ended, or one did with --any); timeout, detached: the executions keep running;
   * unread: none could be read (a name that does not exist), and the error that says why is all fnf prints.
   */
  kind: 'done' | 'timeout' | 'detached' | 'unread';
  snapshots: Snapshot[];
}

/** A renderer of many executions at once: updates come tagged by their snapshot's executionName. */
export interface ManyRenderer {
  update(update: WatchUpdate): void;
  /**
   * Whether this execution's steps are shown: now, for a running one; with its
   * end, for an ended one. Only those histories are read.
   */
  wantsHistory(snapshot: Snapshot): boolean;
  finish(end: ManyEnd): Promise<void>;
}

export interface ManyContext {
  flowName: string;
  names: readonly string[];
  /** `fnf wait …` for the executions still running, printed when the watch ends before them. */
  resumeCommand(pending: readonly string[]): string;
  /** `fnf describe <flow> <name> --history`, named after a failure. */
  historyCommand(name: string): string;
  timeoutMs?: number;
  query?: Query;
}
