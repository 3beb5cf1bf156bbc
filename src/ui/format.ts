// Small formatters shared by every renderer and by plain commands (describe,
// list…). Light on purpose: only chalk, which is tiny and has no side effects.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ExecutionStatus } from '../api/types.js';
import type { StepStatus } from '../watch/types.js';

/** `1 file`, `3 files`: a count and the word, plural unless it is one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `850ms`, `1.0s`, `12.3s`, `2m03s`, `1h02m`. Negative or NaN counts as 0. */
export function formatDuration(ms: number): string {
  const t = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (t < 1000) return `${Math.round(t)}ms`;
  if (t < 60_000) return `${(Math.floor(t / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(t / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${pad2(totalSeconds % 60)}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)}h${pad2(totalMinutes % 60)}m`;
}

/** How long ago, coarsely: `12s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** Local wall-clock time `12:00:01` (or UTC with utc=true, for stable test output). */
export function formatClock(epochMs: number, utc = false): string {
  const d = new Date(epochMs);
  const [h, m, s] = utc
    ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A chalk instance that prints no escape codes when colour is off (NO_COLOR, --no-color, no TTY). */
export function colors(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

type Tone = 'green' | 'red' | 'yellow' | 'cyan' | 'gray';

interface StatusLook {
  mark: string;
  label: string;
  tone: Tone;
}

const EXECUTION_LOOK: Record<ExecutionStatus, StatusLook> = {
  Starting: { mark: '…', label: 'Starting', tone: 'cyan' },
  Running: { mark: '▶', label: 'Running', tone: 'cyan' },
  Succeeded: { mark: '✔', label: 'Succeeded', tone: 'green' },
  Failed: { mark: '✘', label: 'Failed', tone: 'red' },
  TimedOut: { mark: '⏱', label: 'TimedOut', tone: 'red' },
  Stopped: { mark: '■', label: 'Stopped', tone: 'yellow' },
};

const STEP_LOOK: Record<StepStatus, StatusLook> = {
  running: { mark: '▶', label: 'running', tone: 'cyan' },
  succeeded: { mark: '✔', label: 'succeeded', tone: 'green' },
  failed: { mark: '✘', label: 'failed', tone: 'red' },
  // The error was handled: not a failure of the execution, but worth a look.
  caught: { mark: '↪', label: 'caught', tone: 'yellow' },
  stopped: { mark: '■', label: 'stopped', tone: 'yellow' },
};

function lookOf(status: string): StatusLook {
  return (
    EXECUTION_LOOK[status as ExecutionStatus] ??
    STEP_LOOK[status as StepStatus] ?? { mark: '?', label: status, tone: 'gray' }
  );
}

/** The one-character mark of an execution status (`Succeeded`) or step status (`succeeded`): ✔ ✘ ↪ ⏱ ■ ▶. */
export function statusMark(status: ExecutionStatus | StepStatus | string): string {
  return lookOf(status).mark;
}

/** The status word, coloured when `c` has colour: `✔ Succeeded` with withMark. */
export function statusLabel(
  status: ExecutionStatus | StepStatus | string,
  c: ChalkInstance = colors(false),
  withMark = false,
): string {
  const look = lookOf(status);
  return c[look.tone](withMark ? `${look.mark} ${look.label}` : look.label);
}

/** Just the mark, coloured by status. */
export function coloredMark(status: ExecutionStatus | StepStatus | string, c: ChalkInstance): string {
  const look = lookOf(status);
  return c[look.tone](look.mark);
}

/** The live view's first line: what is being watched and since when. Static, so it is printed once. */
export function headerLine(flowName: string, executionName: string, startedAt: number, c: ChalkInstance): string {
  return `${c.bold(flowName)} ${c.dim('›')} ${executionName}${c.dim(`  started ${formatClock(startedAt)}`)}`;
}

/** How to answer a Task that waits for a callback. */
export function callbackCommand(taskToken: string): string {
  return `fnf task succeed ${taskToken} --output '{…}'`;
}
