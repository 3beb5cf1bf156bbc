// Words for steps of the tree, shared by every text renderer.
import type { MapSummary, StepNode } from '../watch/types.js';
import { formatDuration } from './format.js';
import { errorText } from './result.js';

export interface LocatedStep {
  node: StepNode;
  /** `fanout[1] › right` for a step inside branch 1 of fanout. */
  path: string;
  topLevel: boolean;
  /** The list the step is in, itself included, in the order they were entered. */
  siblings: readonly StepNode[];
}

/** Every step of the tree by id (the EventId of its StepEntered). */
export function indexSteps(steps: readonly StepNode[]): Map<number, LocatedStep> {
  const index = new Map<number, LocatedStep>();
  const walk = (list: readonly StepNode[], prefix: string) => {
    for (const node of list) {
      const path = prefix + node.name;
      index.set(node.id, { node, path, topLevel: prefix === '', siblings: list });
      for (const branch of node.branches ?? []) walk(branch.steps, `${path}[${branch.index}] › `);
    }
  };
  walk(steps, '');
  return index;
}

/** `items 37/120 done, 3 running, 1 failed` (counts that are 0 left out, except done). */
export function mapSummaryText(map: MapSummary): string {
  const parts = [`items ${map.done}/${map.total ?? '?'} done`];
  if (map.running) parts.push(`${map.running} running`);
  if (map.failed) parts.push(`${map.failed} failed`);
  return parts.join(', ');
}

/** `Wait 1s`, `Task`, `Map`; empty when the type is unknown. */
export function stepTypeText(node: StepNode): string {
  const type = node.stateType ?? '';
  if (node.waitUntil === undefined) return type;
  return `${type} ${secondsText(node.waitUntil - node.enteredAt)}`.trim();
}

/** `fanout[1] › right (Wait 5s)`: the step's path and its type, as the line that enters it and a CI fold's title say. */
export function stepTitle({ node, path }: LocatedStep): string {
  const type = stepTypeText(node);
  return type ? `${path} (${type})` : path;
}

/** Whole seconds below a minute (`5s`), the usual duration above. */
export function secondsText(ms: number): string {
  return ms < 60_000 ? `${Math.max(0, Math.round(ms / 1000))}s` : formatDuration(ms);
}

/** A countdown: rounded up to the second, so a Wait still running never shows `0s left`. */
export function timeLeftText(ms: number): string {
  return secondsText(Math.ceil(Math.max(0, ms) / 1000) * 1000);
}

export function stepErrorText(node: Pick<StepNode, 'error' | 'cause'>): string {
  return errorText(node.error, node.cause);
}

/**
 * The error a step ended with: `Boom: cause` when it failed, `caught Boom: cause`
 * when a Catch handled it; empty otherwise. `told`: a line just before said
 * that error, so it is left out (`caught` alone).
 */
export function stepErrorNote(node: StepNode, told = false): string {
  if (node.status === 'failed') return told ? '' : stepErrorText(node);
  if (node.status === 'caught') return told ? 'caught' : `caught ${stepErrorText(node) || 'an error'}`;
  return '';
}

/**
 * Whether a step's row can be told once and for all: the step ended, and if
 * it failed, the execution ended too (until then a Catch may handle it).
 */
export function rowIsFinal(node: StepNode, executionDone: boolean): boolean {
  return node.status !== 'running' && (node.status !== 'failed' || executionDone);
}

export function stepDuration(node: StepNode, now: number): string {
  return formatDuration((node.exitedAt ?? now) - node.enteredAt);
}

/** The running leaves, for a heartbeat: `settle (Wait, 25s left)`, `each (items 3/9 done, 2 running)`. */
export function runningSummary(steps: readonly StepNode[], now: number): string[] {
  const out: string[] = [];
  for (const { node, path } of indexSteps(steps).values()) {
    if (node.status !== 'running' || node.branches?.some((b) => b.status === 'running')) continue;
    const detail = node.map
      ? mapSummaryText(node.map)
      : node.waitUntil !== undefined
        ? `${node.stateType ?? 'Wait'}, ${timeLeftText(node.waitUntil - now)} left`
        : (node.stateType ?? '');
    out.push(detail ? `${path} (${detail})` : path);
  }
  return out;
}
