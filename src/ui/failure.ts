// What a reader needs after a failure: which step failed, its error code and
// cause, and the exact command that shows the whole history. Shared by every
// text renderer and the GitHub annotation.
import type { Snapshot } from '../watch/types.js';
import { indexSteps, type LocatedStep } from './steps.js';

export interface Failure {
  /**
   * The innermost step that failed and that no Catch handled, as a path (`fanout[1] › right`),
   * with the caught step that led to it when it is a Fail state; undefined when no step failed.
   */
  step?: string;
  code?: string;
  cause?: string;
  /** `fnf describe <flow> <name> --history`, with the user's profile flags. */
  historyCommand: string;
}

export function failureOf(snapshot: Snapshot, historyCommand: string): Failure {
  // Pre-order: a failed Parallel comes before the failed step inside it, so the last one is the innermost.
  // A caught step is not among them: the execution went on after it, and failed elsewhere (or timed out, or was stopped).
  const failed = [...indexSteps(snapshot.steps).values()].filter((s) => s.node.status === 'failed').at(-1);
  const { execution } = snapshot;
  return {
    step: failed && failedStepText(failed),
    code: execution.ErrorCode ?? failed?.node.error,
    cause: execution.ErrorMessage ?? failed?.node.cause,
    historyCommand,
  };
}

const FAIL_TYPES = new Set(['Fail', 'fail']);

/**
 * A Fail state is where the execution failed, and its Error and Cause are what
 * the execution reports, so it stays the failed step. But a Fail state only
 * says so on the flow's behalf: reached through a Catch, the step a user has
 * to look at is the one whose error was caught, so its name and error code
 * come along: `rejected (Fail state, after price caught InvalidLine)`.
 */
function failedStepText({ node, path, siblings }: LocatedStep): string {
  if (!FAIL_TYPES.has(node.stateType ?? '')) return path;
  const cause = siblings.slice(0, siblings.indexOf(node)).filter((s) => s.status === 'caught').at(-1);
  return cause ? `${path} (Fail state, after ${cause.name} caught ${cause.error ?? 'an error'})` : path;
}

/** `Failed step: …`, `Error: …`, `Cause: …`, `Details: …`: the lines known, in that order, values aligned unless `aligned` is false. */
export function failureLines(f: Failure, aligned = true): string[] {
  const rows: Array<[string, string | undefined]> = [
    ['Failed step', f.step],
    ['Error', f.code],
    ['Cause', f.cause],
    ['Details', f.historyCommand],
  ];
  return rows.filter((r): r is [string, string] => Boolean(r[1])).map(([label, value]) => `${`${label}:`.padEnd(aligned ? 13 : 0)}${aligned ? '' : ' '}${value}`);
}
