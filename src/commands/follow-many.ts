// Follows many executions of one flow in one process: one shared watch (a
// poll that sees every end, history read for what the renderer shows), one
// renderer for them all, and one AbortController that Ctrl-C, `q`, --timeout
// and (with --any) the first end share.
import type { Execution, FnfClient } from '../api/types.js';
import type { Ctx } from '../context.js';
import { ExitCode, exitCodeForStatus } from '../errors.js';
import { writeEndReports } from '../ui/ci/reports.js';
import { createManyRenderer } from '../ui/many/choose.js';
import type { Query } from '../ui/query.js';
import type { OutputMode } from '../ui/choose.js';
import { watchMany } from '../watch/many.js';
import type { Snapshot } from '../watch/types.js';
import { watchStops } from './watch-stops.js';

export interface FollowManyOptions {
  flowName: string;
  names: readonly string[];
  /** Executions a list already returned, by name: their watch starts without asking again. */
  listed?: ReadonlyMap<string, Execution>;
  /** --prefix: every name starts with it. */
  prefix?: string;
  output: OutputMode;
  /** Return when the first execution ends, with its exit code. */
  any: boolean;
  timeoutMs?: number;
  /** When the --timeout clock started (epoch ms); default now. */
  timeoutSince?: number;
  resumeCommand(pending: readonly string[]): string;
  historyCommand(name: string): string;
  query?: Query;
  /** --junit: where to write the JUnit report when the watch ends. */
  junitFile?: string;
}

const WORST_ENDS_FIRST = ['Failed', 'TimedOut', 'Stopped'];

/**
 * The exit code of many ends: 0 when every execution succeeded, else the code
 * of the worst end, Failed (1) before TimedOut (3) before Stopped (4).
 */
export function exitCodeForAll(statuses: readonly string[]): ExitCode {
  return exitCodeForStatus(WORST_ENDS_FIRST.find((status) => statuses.includes(status)) ?? 'Succeeded');
}

export async function followMany(opts: FollowManyOptions, ctx: Ctx, client: FnfClient): Promise<ExitCode> {
  // --any stops the watch too, when the first execution ends.
  const stops = watchStops<'any'>(ctx, opts.timeoutMs, opts.timeoutSince);
  const latest = new Map<string, Snapshot>();
  let firstEnded: Snapshot | undefined;
  try {
    const renderer = await createManyRenderer(opts.output, ctx, {
      flowName: opts.flowName, names: opts.names, resumeCommand: opts.resumeCommand, historyCommand: opts.historyCommand,
      timeoutMs: opts.timeoutMs, query: opts.query,
    }, { detach: () => stops.stop('detached') });
    const watch = watchMany({
      flowName: opts.flowName, names: opts.names, listed: opts.listed, prefix: opts.prefix, client, clock: ctx.clock, signal: stops.signal,
      // The JUnit report has a testcase per step of each execution.
      wantsHistory: (snapshot) => opts.junitFile !== undefined || renderer.wantsHistory(snapshot),
      onUpdate(update) {
        latest.set(update.snapshot.executionName, update.snapshot);
        renderer.update(update);
        if (update.snapshot.done && opts.any) {
          firstEnded ??= update.snapshot;
          stops.stop('any');
        }
      },
    });
    try {
      await watch;
    } catch (err) {
      if (!stops.signal.aborted) {
        stops.stop('detached');
        const kind = latest.size === 0 ? 'unread' : 'detached';
        await renderer.finish({ kind, snapshots: snapshotsOf(opts.names, latest) }).catch(() => undefined);
        throw err;
      }
    }
    const reason = stops.reason();
    stops.release();
    const snapshots = snapshotsOf(opts.names, latest);
    await writeEndReports(ctx, snapshots, opts.junitFile, true);
    if (reason === 'timeout' || reason === 'detached') {
      await renderer.finish({ kind: reason, snapshots });
      return reason === 'timeout' ? ExitCode.Timeout : ExitCode.Interrupted;
    }
    await renderer.finish({ kind: 'done', snapshots });
    return firstEnded ? exitCodeForStatus(firstEnded.execution.Status) : exitCodeForAll(snapshots.map((s) => s.execution.Status));
  } finally {
    stops.release();
  }
}

function snapshotsOf(names: readonly string[], latest: ReadonlyMap<string, Snapshot>): Snapshot[] {
  return names.flatMap((n) => latest.get(n) ?? []);
}
