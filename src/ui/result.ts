// The end of a watch in words, shared by the text renderers (plain, GitHub, Ink).
import type { Execution } from '../api/types.js';
import type { FollowEnd, ManyEnd, RenderContext } from './renderer.js';
import { formatDuration } from './format.js';

/** Output longer than this many lines is cut on a terminal (`o` in the live view shows it all). */
export const OUTPUT_PREVIEW_LINES = 20;

/** JSON text indented when it parses, as given when it does not. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The execution's output as pretty JSON (as given when it is not JSON). */
export function prettyOutput(execution: Execution): string {
  return prettyJson(execution.Output ?? '');
}

export interface Preview {
  text: string;
  /** Lines left out; 0 when the text is whole. */
  omitted: number;
}

export function previewLines(text: string, maxLines = OUTPUT_PREVIEW_LINES): Preview {
  const lines = text.split('\n');
  if (lines.length <= maxLines) return { text, omitted: 0 };
  return { text: lines.slice(0, maxLines).join('\n'), omitted: lines.length - maxLines };
}

export function truncationNote(omitted: number, rc: RenderContext): string {
  return `… ${omitted} more line${omitted === 1 ? '' : 's'}; the whole output: ${rc.describeCommand}`;
}

/** `Item.Bad: item 2 is bad`, or whichever half is known ('' when neither is). */
export function errorText(code: string | undefined, message: string | undefined): string {
  return [code, message].filter(Boolean).join(': ');
}

/** The execution's error as errorText() gives it, `fallback` when it names none. */
export function errorSummary(execution: Execution, fallback = 'no error details'): string {
  return errorText(execution.ErrorCode, execution.ErrorMessage) || fallback;
}

export function durationOf(execution: Execution, now: number): string {
  const started = Date.parse(execution.StartedTime);
  const stopped = execution.StoppedTime ? Date.parse(execution.StoppedTime) : now;
  return formatDuration(stopped - started);
}

/** The line telling why the watch stopped before the execution, and how to resume it. */
export function resumeNote(end: FollowEnd, rc: RenderContext): string {
  return `${whyCutShort(end.kind, rc.timeoutMs)}; ${rc.executionName} keeps running. Resume with: ${rc.resumeCommand}`;
}

/** Why a watch ended before what it watched: `--timeout 5m elapsed`, `Detached`, or (many, with --any) `Done waiting`. */
export function whyCutShort(kind: FollowEnd['kind'] | ManyEnd['kind'], timeoutMs: number | undefined): string {
  if (kind === 'timeout') return `--timeout ${formatDuration(timeoutMs ?? 0)} elapsed`;
  return kind === 'detached' ? 'Detached' : 'Done waiting';
}
