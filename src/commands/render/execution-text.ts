// The text view of `fnf describe`: one execution, optionally with its history.
import type { Execution, HistoryEvent } from '../../api/types.js';
import { colors, formatDuration, statusLabel } from '../../ui/format.js';
import { errorSummary, errorText, prettyJson } from '../../ui/result.js';
import { parseDetail } from '../../watch/tree.js';
import { renderTable } from './table.js';

export interface ExecutionView {
  execution: Execution;
  events?: HistoryEvent[];
  /** For the running time of an execution that has not ended. */
  now: number;
  color: boolean;
}

export function renderExecutionText({ execution: e, events, now, color }: ExecutionView): string {
  const c = colors(color);
  const started = Date.parse(e.StartedTime);
  const stopped = e.StoppedTime ? Date.parse(e.StoppedTime) : undefined;
  const fields: Array<[string, string | undefined]> = [
    ['Execution', e.Name],
    ['Flow', e.FlowName],
    ['Status', statusLabel(e.Status, c, true)],
    ['Started', e.StartedTime],
    ['Stopped', e.StoppedTime],
    ['Duration', Number.isNaN(started) ? undefined : `${formatDuration((stopped ?? now) - started)}${stopped === undefined ? ' so far' : ''}`],
    ['Error', e.ErrorCode ? errorSummary(e) : undefined],
  ];
  let out = fields
    .filter((f): f is [string, string] => Boolean(f[1]))
    .map(([label, value]) => `${c.bold(label.padEnd(10))}${value}\n`)
    .join('');
  out += jsonBlock('Input', e.Input, c.bold);
  out += jsonBlock('Output', e.Output, c.bold);
  if (events) out += historyBlock(events, c.bold);
  return out;
}

function jsonBlock(label: string, text: string | undefined, bold: (s: string) => string): string {
  if (text === undefined || text === '') return '';
  return `${bold(label)}\n${indent(prettyJson(text))}\n`;
}

function historyBlock(events: HistoryEvent[], bold: (s: string) => string): string {
  const rows = events.map((ev) => [String(ev.EventId), ev.Time, ev.Type, ev.StepName ?? '', detailText(ev)]);
  const table = events.length > 0 ? renderTable(['ID', 'TIME', 'TYPE', 'STEP', 'DETAIL'], rows, { indent: '  ' }) : '';
  return `${bold(`History (${events.length} event${events.length === 1 ? '' : 's'})`)}\n${table}`;
}

/**
 * What a reader of the history needs from an event's detail: the token a
 * callback task waits on (for `fnf task succeed`), and the error of a failure.
 */
function detailText(ev: HistoryEvent): string {
  const detail = parseDetail(ev.EventDetail);
  if (detail.taskToken) return `task token ${detail.taskToken}`;
  if (detail.error) return errorText(detail.error, detail.cause);
  return '';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
