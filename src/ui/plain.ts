// Off a terminal (pipes, CI): one timestamped line per step event on stderr,
// a heartbeat while nothing changes (CI systems kill silent jobs), and the
// result on stdout. No colour, no cursor movement, no carriage returns.
// With --quiet (on a terminal too): the result, and only why it failed or was cut short.
import type { Execution } from '../api/types.js';
import type { Ctx } from '../context.js';
import type { Snapshot, WatchUpdate } from '../watch/types.js';
import { formatClock, formatDuration, statusMark } from './format.js';
import { StepLines, type StepLine } from './lines.js';
import { Heartbeat } from './heartbeat.js';
import type { FollowEnd, RenderContext, Renderer } from './renderer.js';
import { failureLines, failureOf } from './failure.js';
import { durationOf, prettyOutput, resumeNote } from './result.js';
import { runningSummary } from './steps.js';

export class PlainRenderer implements Renderer {
  protected readonly stepLines = new StepLines();
  protected last?: WatchUpdate;
  /** None with --quiet: it only tells that the watch is alive. */
  private readonly heartbeat?: Heartbeat;

  constructor(
    protected readonly ctx: Ctx,
    protected readonly rc: RenderContext,
  ) {
    if (!ctx.io.quiet) this.heartbeat = new Heartbeat(ctx.clock, (now) => this.print(now, this.heartbeatText(now)));
  }

  update(update: WatchUpdate): void {
    this.last = update;
    if (this.ctx.io.quiet) return;
    for (const line of this.stepLines.of(update)) this.printStep(line);
    if (update.snapshot.done) for (const line of this.stepLines.cutShort(update)) this.printStep(line);
  }

  async finish(end: FollowEnd): Promise<void> {
    await this.heartbeat?.stop();
    if (end.kind === 'unread') return;
    if (end.kind !== 'done') for (const line of this.stepLines.undecidedLines()) this.printStep(line);
    this.stepsTold();
    if (end.kind !== 'done') {
      this.print(this.ctx.clock.now(), resumeNote(end, this.rc));
      return;
    }
    const { execution } = end.snapshot;
    const ended = Date.parse(execution.StoppedTime ?? '') || this.ctx.clock.now();
    const summary = endLine(execution, ended);
    if (execution.Status === 'Succeeded') {
      if (!this.ctx.io.quiet) this.print(ended, summary);
      this.ctx.io.stdout.write(`${prettyOutput(execution)}\n`);
    } else {
      this.print(ended, summary);
      for (const line of failureLines(failureOf(end.snapshot, this.rc.historyCommand))) this.print(ended, line);
      this.reportFailure(end.snapshot);
    }
  }

  /** Hook for CI flavours (annotations). */
  protected reportFailure(_snapshot: Snapshot): void {}

  /** Hook for CI flavours (folds): every step line has been written. */
  protected stepsTold(): void {}

  protected printStep(line: StepLine): void {
    this.print(line.time, line.text);
  }

  protected print(time: number, text: string): void {
    this.heartbeat?.touch();
    this.ctx.io.stderr.write(`${formatClock(time)} ${oneLine(text)}\n`);
  }

  protected raw(text: string): void {
    this.ctx.io.stderr.write(`${text}\n`);
  }

  private heartbeatText(now: number): string {
    const snapshot = this.last?.snapshot;
    if (!snapshot) return `… waiting for ${this.rc.executionName}`;
    const running = runningSummary(snapshot.steps, now);
    const status = `… ${snapshot.execution.Status} ${formatDuration(now - snapshot.startedAt)}`;
    return running.length ? `${status}; running: ${running.join(', ')}` : status;
  }
}

/** `✘ Failed in 2.0s`: how an execution ended. */
export function endLine(execution: Execution, ended: number): string {
  return `${statusMark(execution.Status)} ${execution.Status} in ${durationOf(execution, ended)}`;
}

/** Keeps one event on one line, whatever the error text holds. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ');
}
