// Follows an execution to its end: one watcher, one renderer, one
// AbortController that Ctrl-C, `q` and --timeout share. It joins the watcher
// (which knows no screen) and a renderer (which sends no request), so it sits
// above both, with the commands.
import type { FnfClient } from '../api/types.js';
import type { Ctx } from '../context.js';
import { ExitCode, exitCodeForStatus } from '../errors.js';
import { createRenderer, type OutputMode } from '../ui/choose.js';
import type { RenderContext } from '../ui/renderer.js';
import { writeEndReports } from '../ui/ci/reports.js';
import { watchStops } from './watch-stops.js';
import type { Query } from '../ui/query.js';
import type { WatchUpdate } from '../watch/types.js';
import { watchExecution } from '../watch/watcher.js';

export interface FollowOptions {
  flowName: string;
  executionName: string;
  output: OutputMode;
  /** The CLI's own --timeout in ms (exit 124 when it elapses); undefined waits forever. */
  timeoutMs?: number;
  /** When the execution started (epoch ms), when the caller knows it already (StartExecution's answer). */
  startedAt?: number;
  /** When the --timeout clock started (epoch ms; `fnf start` starts it before StartExecution); default now. */
  timeoutSince?: number;
  /** The `fnf wait …` command that resumes this view, printed on detach. */
  resumeCommand: string;
  /** The `fnf describe …` command (with the user's profile flags); `--output json` or `--history` is appended. */
  describeCommand?: string;
  /** --query, for the JSON modes. */
  query?: Query;
  /** --junit: where to write the JUnit report when the watch ends. */
  junitFile?: string;
}

/** Follows an execution to its end with the renderer that fits the output mode and terminal; returns the exit code. */
export async function followExecution(opts: FollowOptions, ctx: Ctx, client: FnfClient): Promise<ExitCode> {
  const { flowName, executionName } = opts;
  const stops = watchStops(ctx, opts.timeoutMs, opts.timeoutSince);
  const describeCommand = opts.describeCommand ?? `fnf describe ${flowName} ${executionName}`;
  const rc: RenderContext = {
    flowName,
    executionName,
    resumeCommand: opts.resumeCommand,
    describeCommand: `${describeCommand} --output json`,
    historyCommand: `${describeCommand} --history`,
    timeoutMs: opts.timeoutMs,
    query: opts.query,
  };
  try {
    const updates = watchExecution({ flowName, executionName, client, clock: ctx.clock, signal: stops.signal });
    // The first requests go out while the renderer loads (Ink takes a while): the first frame shows steps, not a blank.
    const first = updates.next();
    first.catch(() => undefined);
    const renderer = await createRenderer(opts.output, ctx, rc, {
      detach: () => stops.stop('detached'),
      stop: async () => {
        await client.call('StopExecution', { FlowName: flowName, ExecutionName: executionName }, { signal: stops.signal });
      },
    }, opts.startedAt !== undefined ? Promise.resolve(opts.startedAt) : startedAtOf(first, ctx), first.then((u) => (u.done ? undefined : u.value), () => undefined));

    let last: WatchUpdate | undefined;
    try {
      await drain(updates, first, stops.signal, (u) => {
        last = u;
        renderer.update(u);
      });
    } catch (err) {
      if (!stops.signal.aborted) {
        await renderer.finish(last || opts.startedAt !== undefined ? { kind: 'detached', snapshot: last?.snapshot } : { kind: 'unread' }).catch(() => undefined);
        throw err;
      }
    }
    stops.release();
    if (last) await writeEndReports(ctx, [last.snapshot], opts.junitFile, false);
    const reason = stops.reason();
    if (last?.snapshot.done && !reason) {
      await renderer.finish({ kind: 'done', snapshot: last.snapshot });
      return exitCodeForStatus(last.snapshot.execution.Status);
    }
    await renderer.finish({ kind: reason ?? 'detached', snapshot: last?.snapshot });
    return reason === 'timeout' ? ExitCode.Timeout : ExitCode.Interrupted;
  } finally {
    stops.release();
  }
}

/**
 * Feeds every update to `onUpdate`. Returns at once when the signal aborts,
 * even if a request is still on its way (the client cancels it with the same signal).
 */
async function drain(
  updates: AsyncGenerator<WatchUpdate, void, undefined>,
  first: Promise<IteratorResult<WatchUpdate, void>>,
  signal: AbortSignal,
  onUpdate: (u: WatchUpdate) => void,
): Promise<void> {
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  for (let pending = first; ; pending = updates.next()) {
    const next = await Promise.race([pending, aborted]);
    if (next === 'aborted') {
      void updates.return(undefined).catch(() => undefined);
      return;
    }
    if (next.done) return;
    onUpdate(next.value);
  }
}

/** When the execution started, from the watcher's first update; none if that failed (the failure is the watch's to report). */
function startedAtOf(first: Promise<IteratorResult<WatchUpdate, void>>, ctx: Ctx): Promise<number | undefined> {
  return first.then(
    (u) => (u.done ? ctx.clock.now() : u.value.snapshot.startedAt),
    () => undefined,
  );
}
