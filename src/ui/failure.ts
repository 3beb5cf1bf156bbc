// What a reader needs after a failure: which step failed, its error code and
// cause, and the exact command that shows the whole history. Shared by every
// text renderer and the GitHub annotation.
import type { Snapshot } from '../watch/types.js';
import { indexSteps } from './steps.js';

export interface Failure {
  /** The innermost failed step, as a path (`fanout[1] › right`); undefined when no step failed. */
  step?: string;
  code?: string;
  cause?: string;
  /** `fnf describe <flow> <name> --history`, with the user's profile flags. */
  historyCommand: string;
}

export function failureOf(snapshot: Snapshot, historyCommand: string): Failure {
  // Pre-order: a failed Parallel comes before the failed step inside it, so the last one is the innermost.
  const failed = [...indexSteps(snapshot.steps).values()].filter((s) => s.node.status === 'failed').at(-1);
  const { execution } = snapshot;
  return {
    step: failed?.path,
    code: execution.ErrorCode ?? failed?.node.error,
    cause: execution.ErrorMessage ?? failed?.node.cause,
    historyCommand,
  };
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
