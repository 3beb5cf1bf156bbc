// Many executions as JSON: --output ndjson streams the history events the
// watch reads (a line per change), tagged with the execution's name, and each
// execution as it ends (many ends at once are told without waiting for all of
// their last events; a note on stderr says so); --output json prints one
// document at the end, {"Executions": [...]}, the latest state of each.
import type { Ctx } from '../../context.js';
import type { WatchUpdate } from '../../watch/types.js';
import { jsonText } from '../json.js';
import { ndjsonEventLine, ndjsonExecutionLine } from '../stream.js';
import type { ManyContext, ManyEnd, ManyRenderer } from '../renderer.js';
import { pendingOf, resumeManyNote, unreadNote } from './summary.js';

export class NdjsonManyRenderer implements ManyRenderer {
  private readonly written = new Set<string>();
  private readonly unread: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly mc: ManyContext,
  ) {}

  /** Every history event is a line. */
  wantsHistory(): boolean {
    return true;
  }

  update({ snapshot, events, unread }: WatchUpdate): void {
    const execution = snapshot.executionName;
    if (unread) this.unread.push(execution);
    const out = events.map((ev) => ndjsonEventLine(ev, this.mc.query, { execution }));
    if (snapshot.done && !this.written.has(execution)) {
      this.written.add(execution);
      out.push(ndjsonExecutionLine(snapshot.execution, this.mc.query));
    }
    if (out.length) this.ctx.io.stdout.write(out.join(''));
  }

  /** The executions that had not ended get a line too: their latest state. */
  async finish(end: ManyEnd): Promise<void> {
    if (end.kind === 'unread') return;
    const rest = end.snapshots.filter((s) => !this.written.has(s.executionName));
    this.ctx.io.stdout.write(rest.map((s) => ndjsonExecutionLine(s.execution, this.mc.query)).join(''));
    const note = unreadNote(this.unread, this.mc);
    if (note) this.ctx.io.stderr.write(`${note}\n`);
    writeResumeNote(this.ctx, end, this.mc);
  }
}

export class JsonManyRenderer implements ManyRenderer {
  constructor(
    private readonly ctx: Ctx,
    private readonly mc: ManyContext,
  ) {}

  /** The document holds the executions only. */
  wantsHistory(): boolean {
    return false;
  }

  update(): void {}

  async finish(end: ManyEnd): Promise<void> {
    if (end.kind === 'unread') return;
    this.ctx.io.stdout.write(jsonText({ Executions: end.snapshots.map((s) => s.execution) }, 'json', this.mc.query));
    writeResumeNote(this.ctx, end, this.mc);
  }
}

function writeResumeNote(ctx: Ctx, end: ManyEnd, mc: ManyContext): void {
  const note = resumeManyNote(end, pendingOf(mc.names, new Map(end.snapshots.map((s) => [s.executionName, s]))), mc);
  if (note) ctx.io.stderr.write(`${note}\n`);
}
