// Builds the step tree of src/watch/types.ts from history events, one event
// at a time, keeping only the tree and a small index of open scopes (never the
// events themselves). Nesting follows src/api/types.ts: a StepEntered's
// ScheduleEventId is its enclosing Branch/IterationEntered (0 at top level);
// every other event's is the StepEntered (or Branch/IterationEntered) it belongs to.
import type { EventDetail, ExecutionStatus, HistoryEvent } from '../api/types.js';
import type { BranchNode, MapSummary, StepNode, StepStatus } from './types.js';

interface Iteration {
  map: MapSummary;
  failed: boolean;
}

/**
 * What an EventId opened. Inside a Map iteration nothing gets a node (a Map is
 * one summary row), so those scopes carry only the iteration they count toward.
 */
interface Scope {
  node?: StepNode;
  /** The list `node` is in: its siblings. */
  list?: StepNode[];
  branch?: BranchNode;
  iteration?: Iteration;
  /** An IterationEntered directly under a Map node: its exit updates the summary. */
  countsIteration?: boolean;
  /** Of a Parallel: where in its branches the current attempt starts (a Retry enters the branches again). */
  attemptFrom?: number;
}

const MAP_TYPES = new Set(['Map', 'foreach']);
const WAIT_TYPES = new Set(['Wait', 'wait']);

export class StepTree {
  /** Top-level steps in the order they were entered. */
  readonly steps: StepNode[] = [];
  private readonly scopes = new Map<number, Scope>();
  /** Per list of siblings, the steps that failed and that no later event has shown to be caught yet. */
  private readonly openFailures = new WeakMap<StepNode[], StepNode[]>();
  private ended = false;

  constructor(private stateTypes: ReadonlyMap<string, string> = new Map()) {}

  /** Types by step name for the steps entered from now on whose events don't carry theirs. */
  useStateTypes(types: ReadonlyMap<string, string>): void {
    this.stateTypes = types;
  }

  apply(ev: HistoryEvent): void {
    const detail = parseDetail(ev.EventDetail);
    const time = Date.parse(ev.Time);
    const scope = this.scopes.get(ev.ScheduleEventId);
    switch (ev.Type) {
      case 'StepEntered':
        return this.enterStep(ev, detail, time, scope);
      case 'StepStarted':
        if (scope?.node?.map) this.startMapAttempt(scope.node, detail);
        return;
      case 'TaskScheduled':
      case 'TaskStarted':
      case 'TaskSubmitted':
        if (scope?.node && detail.retryCount !== undefined) scope.node.retryCount = detail.retryCount;
        if (scope?.node && detail.taskToken) scope.node.taskToken = detail.taskToken;
        return;
      case 'TaskFailed':
      case 'TaskTimedOut':
      case 'TaskSubmitFailed':
        // The step may still retry or catch: remember the error, keep it running.
        if (scope?.node) Object.assign(scope.node, taskErrorOf(ev.Type, detail));
        return;
      case 'StepSucceeded':
      case 'StepExited':
        return this.exitStep(scope, detail.error ? 'failed' : 'succeeded', detail, time);
      case 'StepFailed':
        return this.exitStep(scope, 'failed', detail, time);
      case 'BranchEntered':
        return this.enterBranch(ev.EventId, detail, scope, time);
      case 'BranchExited':
        if (scope?.branch) scope.branch.status = detail.error ? 'failed' : 'succeeded';
        return;
      case 'IterationEntered':
        return this.enterIteration(ev.EventId, scope);
      case 'IterationExited':
        if (scope?.countsIteration && scope.iteration) {
          const { map, failed } = scope.iteration;
          map.running = Math.max(0, map.running - 1);
          if (failed || detail.error) map.failed++;
          else map.done++;
        }
        return;
      case 'ExecutionSucceeded':
        return this.end(time, 'Succeeded');
      case 'ExecutionFailed':
      case 'ExecutionStopped':
      case 'ExecutionTimedOut':
        return this.end(time);
      default:
        return;
    }
  }

  /**
   * The execution ended: whatever still runs was cancelled, and if it
   * succeeded, whatever failed along the way was handled (told here too for an
   * end whose last events were not read). Idempotent.
   */
  end(time: number, status?: ExecutionStatus): void {
    if (this.ended) return;
    this.ended = true;
    if (status === 'Succeeded') this.steps.forEach(markCaught);
    stopRunning(this.steps, time);
  }

  /**
   * When every running step is a Wait with a known end, the earliest of those
   * ends (epoch ms): nothing can happen before it. Undefined otherwise.
   */
  quietUntil(): number | undefined {
    const ends: number[] = [];
    return runningWaitEnds(this.steps, ends) && ends.length > 0 ? Math.min(...ends) : undefined;
  }

  private enterStep(ev: HistoryEvent, detail: EventDetail, time: number, parent: Scope | undefined): void {
    if (parent?.iteration) {
      // The iteration went on after a failed step: a Catch handled it.
      parent.iteration.failed = false;
      this.scopes.set(ev.EventId, { iteration: parent.iteration });
      return;
    }
    const stateType = detail.stateType ?? this.stateTypes.get(ev.StepName);
    const node: StepNode = { id: ev.EventId, name: ev.StepName, status: 'running', enteredAt: time };
    if (stateType) node.stateType = stateType;
    if (stateType && WAIT_TYPES.has(stateType)) {
      const until = detail.until ? Date.parse(detail.until) : detail.seconds !== undefined ? time + detail.seconds * 1000 : NaN;
      if (Number.isFinite(until)) node.waitUntil = until;
    }
    if (stateType && MAP_TYPES.has(stateType)) node.map = { done: 0, running: 0, failed: 0 };
    if (detail.itemsCount !== undefined) (node.map ??= { done: 0, running: 0, failed: 0 }).total = detail.itemsCount;
    const list = parent?.branch ? parent.branch.steps : this.steps;
    // A step failed with no Catch ends its scope; a sibling entered after it means a Catch led here.
    this.openFailures.get(list)?.forEach(markCaught);
    this.openFailures.delete(list);
    list.push(node);
    this.scopes.set(ev.EventId, { node, list, branch: parent?.branch });
  }

  private exitStep(scope: Scope | undefined, status: StepStatus, detail: EventDetail, time: number): void {
    if (scope?.iteration && status === 'failed') scope.iteration.failed = true;
    const node = scope?.node;
    if (!node) return;
    if (node.status === 'running') {
      node.status = status;
      if (status === 'failed') this.openFailuresOf(scope.list!).push(node);
      // A step that ended well handled whatever failed inside it.
      else markCaught(node);
      // Whatever still runs inside a step that ended was cancelled with it (a Parallel's other branches when one fails).
      stopInside(node, time);
    }
    if (status === 'failed') Object.assign(node, errorOf(detail));
    node.exitedAt ??= time;
  }

  private openFailuresOf(list: StepNode[]): StepNode[] {
    let open = this.openFailures.get(list);
    if (!open) this.openFailures.set(list, (open = []));
    return open;
  }

  private enterBranch(eventId: number, detail: EventDetail, step: Scope | undefined, time: number): void {
    if (!step?.node) {
      this.scopes.set(eventId, { iteration: step?.iteration });
      return;
    }
    const branches = (step.node.branches ??= []);
    const attempt = branches.slice(step.attemptFrom ?? 0);
    const branch: BranchNode = { index: detail.index ?? attempt.length, status: 'running', steps: [] };
    if (attempt.some((b) => b.index === branch.index)) {
      // A branch entered again: the Parallel's Retry runs it anew, so the attempt before failed and was handled.
      markCaught(step.node);
      stopInside(step.node, time);
      step.attemptFrom = branches.length;
    }
    const at = branches.findIndex((b, i) => i >= (step.attemptFrom ?? 0) && b.index > branch.index);
    branches.splice(at < 0 ? branches.length : at, 0, branch);
    this.scopes.set(eventId, { branch });
  }

  /** A Map's StepStarted: its item count, and after a first attempt (its Retry), counts started afresh. */
  private startMapAttempt(node: StepNode, detail: EventDetail): void {
    const { done, running, failed, total } = node.map!;
    // The earlier attempt's iterations keep the summary they counted in: their late events change nothing here.
    if (done + running + failed > 0) node.map = { done: 0, running: 0, failed: 0, ...(total === undefined ? {} : { total }) };
    if (detail.itemsCount !== undefined) node.map!.total = detail.itemsCount;
  }

  private enterIteration(eventId: number, step: Scope | undefined): void {
    const node = step?.node;
    if (!node) {
      this.scopes.set(eventId, { iteration: step?.iteration });
      return;
    }
    const map = (node.map ??= { done: 0, running: 0, failed: 0 });
    map.running++;
    this.scopes.set(eventId, { iteration: { map, failed: false }, countsIteration: true });
  }
}

/** The step's failure, and every failure inside it, was handled by a Catch. */
function markCaught(node: StepNode): void {
  if (node.status === 'failed') node.status = 'caught';
  for (const branch of node.branches ?? []) {
    if (branch.status === 'failed') branch.status = 'caught';
    branch.steps.forEach(markCaught);
  }
}

function stopRunning(steps: StepNode[], time: number): void {
  for (const node of steps) {
    if (node.status !== 'running') continue;
    node.status = 'stopped';
    node.exitedAt ??= time;
    stopInside(node, time);
  }
}

function stopInside(node: StepNode, time: number): void {
  for (const branch of node.branches ?? []) {
    if (branch.status === 'running') branch.status = 'stopped';
    stopRunning(branch.steps, time);
  }
  if (node.map) node.map.running = 0;
}

/** Collects the ends of running Waits; false as soon as a running leaf is anything else. */
function runningWaitEnds(steps: StepNode[], ends: number[]): boolean {
  for (const node of steps) {
    if (node.status !== 'running') continue;
    if (node.map) return false;
    if (node.branches) {
      const open = node.branches.filter((b) => b.status === 'running');
      if (open.length === 0) return false;
      for (const branch of open) {
        if (!branch.steps.some((s) => s.status === 'running')) return false;
        if (!runningWaitEnds(branch.steps, ends)) return false;
      }
      continue;
    }
    if (node.waitUntil === undefined) return false;
    ends.push(node.waitUntil);
  }
  return true;
}

export function errorOf(detail: EventDetail, fallbackError?: string): Pick<StepNode, 'error' | 'cause'> {
  const out: Pick<StepNode, 'error' | 'cause'> = {};
  const error = detail.error ?? fallbackError;
  if (error !== undefined) out.error = error;
  if (detail.cause !== undefined) out.cause = detail.cause;
  return out;
}

/** The error of a failed task attempt; a timeout's detail names none, so it is named here. */
export function taskErrorOf(type: HistoryEvent['Type'], detail: EventDetail): Pick<StepNode, 'error' | 'cause'> {
  return errorOf(detail, type === 'TaskTimedOut' ? 'States.Timeout' : undefined);
}

export function parseDetail(text: string | undefined): EventDetail {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as EventDetail) : {};
  } catch {
    return {};
  }
}
