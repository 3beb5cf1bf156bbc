// The live view of many executions: each ended execution printed once above
// (Ink's <Static>), running ones redrawn below with their current steps and
// durations (as many as fit), and a status line that counts them. When the
// watch ends before them (q, Ctrl-C, --timeout, --any) the running rows are
// printed once too, as they stood, above the summary and the resume command.
import { Box, Static, Text, useInput } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ChalkInstance } from 'chalk';
import type { Snapshot, WatchUpdate } from '../../watch/types.js';
import { coloredMark, formatDuration, statusLabel } from '../format.js';
import { failureOf } from '../failure.js';
import type { FollowControls, ManyContext, ManyEnd } from '../renderer.js';
import { durationOf, errorText } from '../result.js';
import { runningSummary } from '../steps.js';
import { ExternalStore } from '../live/store.js';
import { spinnerAt, useTicker, type InkViewProps } from '../live/view.js';
import { pendingOf, resumeManyNote, tallyLine, tallyText } from './summary.js';

export interface LiveManyState {
  latest: Map<string, Snapshot>;
  /** Executions that ended, in the order they ended. */
  finished: Snapshot[];
  end?: ManyEnd;
}

export class LiveManyStore extends ExternalStore<LiveManyState> {
  constructor(readonly names: readonly string[]) {
    super({ latest: new Map(), finished: [] });
  }

  update({ snapshot }: WatchUpdate): void {
    const endedNow = snapshot.done && !this.state.latest.get(snapshot.executionName)?.done;
    const latest = new Map(this.state.latest).set(snapshot.executionName, snapshot);
    this.set({ latest, finished: endedNow ? [...this.state.finished, snapshot] : this.state.finished });
  }

  end(end: ManyEnd): void {
    this.set({ end });
  }
}

export interface LiveManyViewProps extends InkViewProps {
  store: LiveManyStore;
  mc: ManyContext;
  controls: Pick<FollowControls, 'detach'>;
  /** Running rows that fit; the rest are counted. */
  maxRunningRows: number;
}

export function LiveManyView({ store, mc, controls, c, now, interactive, maxRunningRows }: LiveManyViewProps) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const t = useTicker(now, !state.end);
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) controls.detach();
  }, { isActive: interactive && !state.end });

  const spinner = c.cyan(spinnerAt(t));
  const width = Math.max(...store.names.map((n) => n.length));
  // An ended row wraps so that its error is read whole; running rows keep to one line each.
  const printed: Line[] = state.finished.map((s) => ({ key: s.executionName, text: endedRow(s, width, c, mc, t), wrap: 'wrap' }));
  // Printed rather than redrawn at the end: Ink writes a frame as tall as the terminal without its last line break
  // (its full-screen case), so the next line written (the shell's prompt) would land on the resume command.
  const runningLines = runningList(store.names, state.latest, maxRunningRows, width, state.end ? undefined : spinner, c, t);
  if (state.end && state.end.kind !== 'unread') printed.push(...runningLines);
  return (
    <>
      <Static items={printed}>{(line) => <Text key={line.key} wrap={line.wrap}>{line.text}</Text>}</Static>
      {state.end ? null : runningLines.map((line) => <Text key={line.key} wrap={line.wrap}>{line.text}</Text>)}
      {state.end ? (
        <Final state={state} store={store} mc={mc} c={c} />
      ) : (
        <Text wrap="truncate-end">
          {spinner} {tallyText(store.names, state.latest)} {c.dim(formatDuration(t - (firstStart(state) ?? t)))}
          {interactive ? `   ${c.dim('q detach')}` : ''}
        </Text>
      )}
    </>
  );
}

/** The running executions that get a row, in the order they were named. */
export function shownRunning(names: readonly string[], latest: ReadonlyMap<string, Snapshot>, maxRows: number): string[] {
  return pendingOf(names, latest).slice(0, maxRows);
}

/** `✘ order-7  Failed  2.0s  charge: Card.Declined: insufficient funds`. */
function endedRow(s: Snapshot, width: number, c: ChalkInstance, mc: ManyContext, now: number): string {
  const { execution } = s;
  const parts = [`${coloredMark(execution.Status, c)} ${s.executionName.padEnd(width)}`, statusLabel(execution.Status, c), c.dim(durationOf(execution, now))];
  if (execution.Status !== 'Succeeded') {
    const f = failureOf(s, mc.historyCommand(s.executionName));
    parts.push(c.red([f.step, errorText(f.code, f.cause?.split('\n')[0])].filter(Boolean).join(': ')));
  }
  return parts.join('  ');
}

interface Line {
  key: string;
  text: string;
  wrap: 'wrap' | 'truncate-end';
}

/** The rows of the running executions that fit, and a line that counts the rest. `spinner` while watching. */
function runningList(names: readonly string[], latest: ReadonlyMap<string, Snapshot>, maxRows: number, width: number,
  spinner: string | undefined, c: ChalkInstance, now: number): Line[] {
  const shown = shownRunning(names, latest, maxRows);
  const lines: Line[] = shown.map((name) => ({ key: name, text: runningRow(name, latest.get(name), width, spinner, c, now), wrap: 'truncate-end' }));
  const more = pendingOf(names, latest).length - shown.length;
  return more > 0 ? [...lines, { key: '… more', text: c.dim(`… and ${more} more running`), wrap: 'wrap' }] : lines;
}

/** `⠋ order-8  Running  charge (Task)  12.3s`; without a spinner (the watch has ended) a still mark: `▶`, or `?` if never read. */
function runningRow(name: string, s: Snapshot | undefined, width: number, spinner: string | undefined, c: ChalkInstance, now: number): string {
  const mark = spinner ?? coloredMark(s?.execution.Status ?? 'Unknown', c);
  if (!s) return `${mark} ${name.padEnd(width)}  ${c.dim(spinner ? 'connecting' : 'not read')}`;
  const steps = runningSummary(s.steps, now).join(', ');
  return [`${mark} ${name.padEnd(width)}`, statusLabel(s.execution.Status, c), steps, c.dim(formatDuration(now - s.startedAt))].filter(Boolean).join('  ');
}

function firstStart(state: LiveManyState): number | undefined {
  const starts = [...state.latest.values()].map((s) => s.startedAt).filter(Number.isFinite);
  return starts.length ? Math.min(...starts) : undefined;
}

function Final({ state, store, mc, c }: { state: LiveManyState; store: LiveManyStore; mc: ManyContext; c: ChalkInstance }) {
  if (state.end!.kind === 'unread') return null;
  const failed = state.finished.filter((s) => s.execution.Status !== 'Succeeded');
  const note = resumeManyNote(state.end!, pendingOf(store.names, state.latest), mc);
  return (
    <Box flexDirection="column">
      <Text>{tallyLine(store.names, state.latest)}</Text>
      {failed.map((s) => <Text key={s.executionName}>{c.dim(`Details of ${s.executionName}: ${mc.historyCommand(s.executionName)}`)}</Text>)}
      {note ? <Text>{c.yellow(note)}</Text> : null}
    </Box>
  );
}
