// Machine-readable modes: --output ndjson streams one event per line as it
// arrives; --output json prints one document at the end. Both end with the
// execution as DescribeExecution returns it (the latest state if the watch
// ended first), so a consumer always gets one.
import type { Ctx } from '../context.js';
import type { HistoryEvent } from '../api/types.js';
import type { WatchUpdate } from '../watch/types.js';
import { jsonText } from './json.js';
import type { FollowEnd, RenderContext, Renderer } from './renderer.js';
import { resumeNote } from './result.js';

abstract class StreamRenderer implements Renderer {
  constructor(
    protected readonly ctx: Ctx,
    protected readonly rc: RenderContext,
  ) {}

  abstract update(update: WatchUpdate): void;

  async finish(end: FollowEnd): Promise<void> {
    const execution = end.snapshot?.execution;
    if (execution) this.writeExecution(execution);
    if (end.kind === 'timeout' || end.kind === 'detached') this.ctx.io.stderr.write(`${resumeNote(end, this.rc)}\n`);
  }

  protected abstract writeExecution(execution: object): void;
}

export class NdjsonRenderer extends StreamRenderer {
  update(update: WatchUpdate): void {
    const out = update.events.map((ev) => ndjsonEventLine(ev, this.rc.query));
    if (out.length) this.ctx.io.stdout.write(out.join(''));
  }

  protected writeExecution(execution: object): void {
    this.ctx.io.stdout.write(ndjsonExecutionLine(execution, this.rc.query));
  }
}

/** An NDJSON line of a history event; `tag` (the execution's name, among many) comes first. */
export function ndjsonEventLine(ev: HistoryEvent, query: RenderContext['query'], tag?: { execution: string }): string {
  return jsonText({ ...tag, type: ev.Type, step: ev.StepName, time: ev.Time, ...ev }, 'ndjson', query);
}

/** The NDJSON line that ends an execution's stream: the execution as DescribeExecution returns it. */
export function ndjsonExecutionLine(execution: object, query: RenderContext['query']): string {
  return jsonText({ type: 'Execution', ...execution }, 'ndjson', query);
}

export class JsonRenderer extends StreamRenderer {
  /** One document, written at the end. */
  update(): void {}

  protected writeExecution(execution: object): void {
    this.ctx.io.stdout.write(jsonText(execution, 'json', this.rc.query));
  }
}
