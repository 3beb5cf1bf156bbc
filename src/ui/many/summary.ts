// Words about many executions at once: how many stand where, and how to
// resume a watch that ended before them.
import type { Snapshot } from '../../watch/types.js';
import { plural } from '../format.js';
import { whyCutShort } from '../result.js';
import type { ManyContext, ManyEnd } from '../renderer.js';

const ORDER = ['running', 'succeeded', 'failed', 'timed out', 'stopped'] as const;
type Standing = (typeof ORDER)[number];

function standingOf(status: string | undefined): Standing {
  switch (status) {
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
      return 'failed';
    case 'TimedOut':
      return 'timed out';
    case 'Stopped':
      return 'stopped';
    default:
      return 'running';
  }
}

/** `3 running, 5 succeeded, 1 failed`: counts that are 0 left out; `names` not yet seen count as running. */
export function tallyText(names: readonly string[], latest: ReadonlyMap<string, Snapshot>): string {
  const counts = new Map<Standing, number>();
  for (const name of names) {
    const standing = standingOf(latest.get(name)?.execution.Status);
    counts.set(standing, (counts.get(standing) ?? 0) + 1);
  }
  return ORDER.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
}

/** The summary at the end of a watch: `9 executions: 3 running, 5 succeeded, 1 failed`. */
export function tallyLine(names: readonly string[], latest: ReadonlyMap<string, Snapshot>): string {
  return `${plural(names.length, 'execution')}: ${tallyText(names, latest)}`;
}

/** Why the watch ended with executions still running, and the command that resumes it; undefined when none is left. */
export function resumeManyNote(end: ManyEnd, pending: readonly string[], mc: ManyContext): string | undefined {
  if (pending.length === 0) return undefined;
  return `${whyCutShort(end.kind, mc.timeoutMs)}; ${pending.length} keep${pending.length === 1 ? 's' : ''} running. Resume with: ${mc.resumeCommand(pending)}`;
}

/** That the last steps of some executions were not read, and where they are. */
export function unreadNote(unread: readonly string[], mc: ManyContext): string | undefined {
  const [first] = unread;
  if (first === undefined) return undefined;
  if (unread.length === 1) return `${first} ended before its last steps were read; they are in: ${mc.historyCommand(first)}`;
  return `${unread.length} executions ended at once, before their last steps were read (the request budget is shared); `
    + `each one's are in fnf describe, e.g. ${mc.historyCommand(first)}`;
}

/** `name<TAB>status` a line each, for stdout: `Unknown` for an execution never seen. */
export function statusLines(names: readonly string[], latest: ReadonlyMap<string, Snapshot>): string {
  return names.map((n) => `${n}\t${latest.get(n)?.execution.Status ?? 'Unknown'}\n`).join('');
}

/** The executions among `names` that have not ended. */
export function pendingOf(names: readonly string[], latest: ReadonlyMap<string, Snapshot>): string[] {
  return names.filter((n) => !latest.get(n)?.done);
}
