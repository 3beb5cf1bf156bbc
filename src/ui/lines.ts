// One line per step event, for the line-oriented renderers (plain, GitHub).
import type { HistoryEvent } from '../api/types.js';
import type { StepNode, WatchUpdate } from '../watch/types.js';
import { parseDetail, taskErrorOf } from '../watch/tree.js';
import { callbackCommand, statusMark } from './format.js';
import { indexSteps, mapSummaryText, rowIsFinal, stepDuration, stepErrorNote, stepErrorText, stepTitle, type LocatedStep } from './steps.js';

export interface StepLine {
  kind: 'enter' | 'exit' | 'retry' | 'callback';
  step: LocatedStep;
  /** Epoch ms of the event. */
  time: number;
  text: string;
}

/**
 * Turns updates into step lines; each step's exit is told once even when
 * several events end it. A failed step's exit waits until a Catch is known
 * to have handled it or the execution ended, so a log never says ✘ for a
 * step the flow recovered from.
 *
 * A failed task attempt's error is told at once, on its `!` line (one per
 * attempt, so a Retry's read in order); the step's exit line leaves out the
 * error its last `!` line told, and keeps one that differs.
 */
export class StepLines {
  private readonly exited = new Set<number>();
  /** By step: the error its last `!` line told. */
  private readonly toldErrors = new Map<number, string>();
  private undecided: Array<{ step: LocatedStep; time: number }> = [];

  of(update: WatchUpdate): StepLine[] {
    const { steps, done } = update.snapshot;
    const index = indexSteps(steps);
    // Exits held back by earlier updates come first: their events came before these.
    const lines = this.decided(done);
    for (const ev of update.events) lines.push(...this.linesOf(ev, index, done));
    return lines;
  }

  /** The exits still held back when the watch ends before the execution: told as they stand. */
  undecidedLines(): StepLine[] {
    const lines = this.undecided.map(({ step, time }) => this.exitLine(step, time));
    this.undecided = [];
    return lines;
  }

  private decided(done: boolean): StepLine[] {
    const ready = this.undecided.filter(({ step }) => rowIsFinal(step.node, done));
    this.undecided = this.undecided.filter(({ step }) => !rowIsFinal(step.node, done));
    return ready.map(({ step, time }) => this.exitLine(step, time));
  }

  /** Exit lines for steps the end of the execution cut short (they get no exit event). */
  cutShort(update: WatchUpdate): StepLine[] {
    const { steps } = update.snapshot;
    return this.stoppedLines(steps, indexSteps(steps), Infinity);
  }

  private linesOf(ev: HistoryEvent, index: Map<number, LocatedStep>, done: boolean): StepLine[] {
    const time = Date.parse(ev.Time);
    if (ev.Type === 'StepEntered') {
      const step = index.get(ev.EventId);
      if (!step) return [];
      return [{ kind: 'enter', step, time, text: `${statusMark('running')} ${stepTitle(step)}` }];
    }
    const step = index.get(ev.ScheduleEventId);
    if (!step) return [];
    switch (ev.Type) {
      case 'StepSucceeded':
      case 'StepExited':
      case 'StepFailed': {
        if (this.exited.has(step.node.id)) return [];
        // Branches the step's end cancelled get no exit event of their own: told before the step's end.
        const lines = this.stoppedInside(step.node, index, time);
        if (rowIsFinal(step.node, done)) return [...lines, this.exitLine(step, time)];
        this.exited.add(step.node.id);
        this.undecided.push({ step, time });
        return lines;
      }
      case 'BranchEntered':
        // A Parallel's Retry enters its branches again: what the attempt before cut short is told now.
        return this.stoppedInside(step.node, index, time);
      case 'TaskScheduled': {
        const { taskToken } = parseDetail(ev.EventDetail);
        return taskToken ? [{ kind: 'callback', step, time, text: `… ${step.path} waits for: ${callbackCommand(taskToken)}` }] : [];
      }
      case 'TaskFailed':
      case 'TaskTimedOut': {
        const why = stepErrorText(taskErrorOf(ev.Type, parseDetail(ev.EventDetail)));
        this.toldErrors.set(step.node.id, why);
        return [{ kind: 'retry', step, time, text: `! ${step.path} ${ev.Type}${why ? ` ${why}` : ''}` }];
      }
      default:
        return [];
    }
  }

  /** Exit lines for the steps inside `node` stopped by `time` and not told yet, innermost first. */
  private stoppedInside(node: StepNode, index: Map<number, LocatedStep>, time: number): StepLine[] {
    return this.stoppedLines((node.branches ?? []).flatMap((b) => b.steps), index, time);
  }

  /** Exit lines for `nodes` and the steps inside them stopped by `time` and not told yet, inner steps before theirs. */
  private stoppedLines(nodes: readonly StepNode[], index: Map<number, LocatedStep>, time: number): StepLine[] {
    const lines: StepLine[] = [];
    for (const node of nodes) {
      lines.push(...this.stoppedInside(node, index, time));
      const step = index.get(node.id);
      const stoppedAt = node.exitedAt ?? node.enteredAt;
      if (step && node.status === 'stopped' && stoppedAt <= time && !this.exited.has(node.id)) lines.push(this.exitLine(step, stoppedAt));
    }
    return lines;
  }

  private exitLine(step: LocatedStep, time: number): StepLine {
    this.exited.add(step.node.id);
    const { node } = step;
    const parts = [`${statusMark(node.status)} ${step.path}`, stepDuration(node, time)];
    if (node.map) parts.push(`(${mapSummaryText(node.map)})`);
    parts.push(stepErrorNote(node, this.toldErrors.get(node.id) === stepErrorText(node)));
    if (node.status === 'stopped') parts.push('(stopped)');
    return { kind: 'exit', step, time, text: parts.filter(Boolean).join(' ') };
  }
}
