// The live view: finished steps printed once above, running steps and a
// status line redrawn below, the result at the end.
import { Box, Static, Text, useInput } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChalkInstance } from 'chalk';
import type { Snapshot, StepNode } from '../../watch/types.js';
import { callbackCommand, coloredMark, formatDuration, statusLabel } from '../format.js';
import type { FollowControls, FollowEnd, RenderContext } from '../renderer.js';
import { failureLines, failureOf } from '../failure.js';
import { durationOf, prettyOutput, previewLines, resumeNote, truncationNote } from '../result.js';
import { mapSummaryText, rowIsFinal, stepDuration, stepErrorNote, timeLeftText } from '../steps.js';
import type { LiveState, LiveStore } from './store.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Spinner and clock refresh: 5 frames/s keeps a long Wait cheap (Ink's maxFps caps redraws anyway). */
export const TICK_MS = 200;

/** What every live view (one execution or many) is given. */
export interface InkViewProps {
  c: ChalkInstance;
  now: () => number;
  /** Keys work only when stdin is a terminal. */
  interactive: boolean;
}

export interface LiveViewProps extends InkViewProps {
  store: LiveStore;
  rc: RenderContext;
  controls: FollowControls;
  /** Show the output in the final frame (stdout gets it otherwise). */
  showOutput: boolean;
}

export function LiveView({ store, rc, controls, c, now, interactive, showOutput }: LiveViewProps) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const time = useTicker(now, !state.end);
  useInput((input, key) => onKey(input, key.ctrl, key.escape, state, store, controls), { isActive: interactive && !state.end });

  const snapshot = state.update?.snapshot;
  // The header line is printed before Ink loads (ui/choose.ts); <Static> prints each finished step once.
  const open = snapshot?.steps.filter((s) => !rowIsFinal(s, snapshot.done)) ?? [];
  return (
    <>
      <Static items={state.finished}>{(node, i) => <StepTree key={i} node={node} depth={0} c={c} time={time} />}</Static>
      {open.map((node) => (
        <StepTree key={node.id} node={node} depth={0} c={c} time={time} />
      ))}
      {state.end ? (
        <Final end={state.end} state={state} rc={rc} c={c} time={time} showOutput={showOutput} />
      ) : (
        <StatusLine snapshot={snapshot} state={state} rc={rc} c={c} time={time} interactive={interactive} />
      )}
    </>
  );
}

function onKey(input: string, ctrl: boolean, escape: boolean, state: LiveState, store: LiveStore, controls: FollowControls): void {
  const ctrlC = ctrl && input === 'c';
  if (state.prompt === 'confirm-stop') {
    // A second Ctrl-C while asked to confirm leaves at once.
    if (ctrlC) return controls.detach();
    if (input === 'y' || input === 'Y') {
      store.setPrompt('stopping');
      controls.stop().catch((err: unknown) => store.setPrompt(undefined, `Stop failed: ${err instanceof Error ? err.message : String(err)}`));
    } else if (input === 'n' || input === 'N' || escape) {
      store.setPrompt(undefined);
    }
    return;
  }
  if (ctrlC || input === 'q') return controls.detach();
  if (input === 's' && state.prompt !== 'stopping') return store.setPrompt('confirm-stop');
  if (input === 'o') store.toggleOutput();
}

/** The time, refreshed every TICK_MS while `active`; never older than the data. */
export function useTicker(now: () => number, active: boolean): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTime(now()), TICK_MS);
    return () => clearInterval(timer);
  }, [active, now]);
  // The store may have changed since the last tick: never show a time older than the data.
  return Math.max(time, now());
}

function StepTree({ node, depth, c, time }: { node: StepNode; depth: number; c: ChalkInstance; time: number }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">{'  '.repeat(depth) + stepRow(node, c, time)}</Text>
      {node.status === 'running' && node.taskToken ? (
        <Text>{'  '.repeat(depth + 1) + c.dim(`waits for: ${callbackCommand(node.taskToken)}`)}</Text>
      ) : null}
      {node.branches?.map((branch) => (
        <Box key={branch.index} flexDirection="column">
          <Text wrap="truncate-end">
            {'  '.repeat(depth + 1)}
            {branch.status === 'running' ? c.cyan(spinnerAt(time)) : coloredMark(branch.status, c)} {c.dim(`branch ${branch.index}`)}
          </Text>
          {branch.steps.map((child) => (
            <StepTree key={child.id} node={child} depth={depth + 2} c={c} time={time} />
          ))}
        </Box>
      ))}
    </Box>
  );
}

/** `⠋ settle  Wait  4m12s left`, `✔ prepare  Pass  5ms`, `✘ call  Task  1.0s  Boom: cause`, `↪ call  Task  1.0s  caught Boom: cause`. */
export function stepRow(node: StepNode, c: ChalkInstance, time: number): string {
  const mark = node.status === 'running' ? c.cyan(spinnerAt(time)) : coloredMark(node.status, c);
  const parts = [`${mark} ${node.name}`];
  if (node.stateType) parts.push(c.dim(node.stateType));
  if (node.status === 'running' && node.waitUntil !== undefined) parts.push(c.yellow(`${timeLeftText(node.waitUntil - time)} left`));
  else parts.push(c.dim(stepDuration(node, time)));
  if (node.map) parts.push(mapSummaryText(node.map));
  if (node.retryCount) parts.push(c.yellow(`retry ${node.retryCount}`));
  const note = stepErrorNote(node);
  if (note) parts.push(node.status === 'caught' ? c.yellow(note) : c.red(note));
  return parts.join('  ');
}

export function spinnerAt(time: number): string {
  return SPINNER[Math.floor(time / TICK_MS) % SPINNER.length]!;
}

function StatusLine(props: { snapshot?: Snapshot; state: LiveState; rc: RenderContext; c: ChalkInstance; time: number; interactive: boolean }) {
  const { snapshot, state, rc, c, time, interactive } = props;
  const status = snapshot ? statusLabel(snapshot.execution.Status, c) : c.dim('connecting');
  const elapsed = snapshot ? formatDuration(time - snapshot.startedAt) : '';
  let hint = '';
  if (state.prompt === 'confirm-stop') hint = c.yellow(`Stop ${rc.executionName}? (y/n)`);
  else if (state.prompt === 'stopping') hint = c.yellow('stopping…');
  else if (interactive) hint = c.dim(`q detach · s stop · o output${state.fullOutput ? ' (full)' : ''}`);
  return (
    <Box flexDirection="column">
      {state.notice ? <Text color="red">{state.notice}</Text> : null}
      <Text wrap="truncate-end">
        {c.cyan(spinnerAt(time))} {status} {c.dim(elapsed)}
        {hint ? `   ${hint}` : ''}
      </Text>
    </Box>
  );
}

function Final(props: { end: FollowEnd; state: LiveState; rc: RenderContext; c: ChalkInstance; time: number; showOutput: boolean }) {
  const { end, state, rc, c, time, showOutput } = props;
  if (end.kind === 'unread') return null;
  if (end.kind !== 'done') return <Text>{c.yellow(resumeNote(end, rc))}</Text>;
  const { execution } = end.snapshot;
  const headline = `${statusLabel(execution.Status, c, true)} ${c.dim('in')} ${durationOf(execution, time)}`;
  if (execution.Status !== 'Succeeded') {
    const lines = failureLines(failureOf(end.snapshot, rc.historyCommand));
    return (
      <Box flexDirection="column">
        <Text>{headline}</Text>
        {lines.map((line, i) => <Text key={i}>{i === lines.length - 1 ? c.dim(line) : c.red(line)}</Text>)}
      </Box>
    );
  }
  if (!showOutput) return <Text>{headline}</Text>;
  const preview = state.fullOutput ? { text: prettyOutput(execution), omitted: 0 } : previewLines(prettyOutput(execution));
  return (
    <Box flexDirection="column">
      <Text>{headline}</Text>
      <Text>{preview.text}</Text>
      {preview.omitted ? <Text>{c.dim(truncationNote(preview.omitted, rc))}</Text> : null}
    </Box>
  );
}
