// Many executions off a terminal: the plain renderer's lines, each tagged with
// its execution's name (`[order-7] ✔ charge 1.2s`), one end line per execution,
// a heartbeat that counts them, and a `name<TAB>status` line each on stdout.
// With --quiet: the stdout lines, and on stderr only the failures and why the wait was cut short.
import type { Ctx } from '../../context.js';
import type { Snapshot, WatchUpdate } from '../../watch/types.js';
import { failureLines, failureOf } from '../failure.js';
import { formatClock, formatDuration } from '../format.js';
import { Heartbeat } from '../heartbeat.js';
import { StepLines } from '../lines.js';
import { endLine, oneLine } from '../plain.js';
import type { ManyContext, ManyEnd, ManyRenderer } from '../renderer.js';
import { pendingOf, resumeManyNote, statusLines, tallyLine, tallyText, unreadNote } from './summary.js';

export class PlainManyRenderer implements ManyRenderer {
  protected readonly latest = new Map<string, Snapshot>();
  private readonly stepLines = new Map<string, StepLines>();
  private readonly ended = new Set<string>();
  private readonly unread: string[] = [];
  /** None with --quiet: it only tells that the watch is alive. */
  private readonly heartbeat?: Heartbeat;
  private readonly since: number;

  constructor(
    protected readonly ctx: Ctx,
    protected readonly mc: ManyContext,
  ) {
    this.since = ctx.clock.now();
    if (!ctx.io.quiet) this.heartbeat = new Heartbeat(ctx.clock, (now) => this.print(now, `… ${tallyText(mc.names, this.latest)}; ${formatDuration(now - this.since)}`));
  }

  /** A line per step of every execution; with --quiet, the steps of the failures. */
  wantsHistory(snapshot: Snapshot): boolean {
    return !this.ctx.io.quiet || (snapshot.done && snapshot.execution.Status !== 'Succeeded');
  }

  update(update: WatchUpdate): void {
    const { snapshot } = update;
    const name = snapshot.executionName;
    this.latest.set(name, snapshot);
    let lines = this.stepLines.get(name);
    if (!lines) this.stepLines.set(name, (lines = new StepLines()));
    const { quiet } = this.ctx.io;
    if (!quiet) for (const line of lines.of(update)) this.print(line.time, line.text, name);
    if (!snapshot.done || this.ended.has(name)) return;
    if (!quiet) for (const line of lines.cutShort(update)) this.print(line.time, line.text, name);
    this.ended.add(name);
    if (update.unread) this.unread.push(name);
    const { execution } = snapshot;
    const ended = snapshot.endedAt ?? this.ctx.clock.now();
    const failed = execution.Status !== 'Succeeded';
    if (!quiet || failed) this.print(ended, endLine(execution, ended), name);
    if (failed) {
      for (const line of failureLines(failureOf(snapshot, this.mc.historyCommand(name)))) this.print(ended, line, name);
      this.reportFailure(snapshot);
    }
  }

  async finish(end: ManyEnd): Promise<void> {
    await this.heartbeat?.stop();
    if (end.kind === 'unread') return;
    for (const [name, lines] of this.stepLines) for (const line of lines.undecidedLines()) this.print(line.time, line.text, name);
    const now = this.ctx.clock.now();
    if (!this.ctx.io.quiet) this.print(now, tallyLine(this.mc.names, this.latest));
    const notes = [unreadNote(this.unread, this.mc), resumeManyNote(end, pendingOf(this.mc.names, this.latest), this.mc)];
    for (const note of notes) if (note) this.print(now, note);
    this.ctx.io.stdout.write(statusLines(this.mc.names, this.latest));
  }

  /** Hook for CI flavours (annotations). */
  protected reportFailure(_snapshot: Snapshot): void {}

  protected print(time: number, text: string, name?: string): void {
    this.heartbeat?.touch();
    this.ctx.io.stderr.write(`${formatClock(time)} ${name ? `[${name}] ` : ''}${oneLine(text)}\n`);
  }

  protected raw(text: string): void {
    this.ctx.io.stderr.write(`${text}\n`);
  }
}
