// The plain lines with each top-level step folded, for the CI logs that can
// collapse a run of lines (GitHub groups, GitLab sections). Which line opens
// and which closes a fold is decided here; each CI writes its own markup.
import type { StepLine } from '../lines.js';
import { PlainRenderer } from '../plain.js';
import { stepTitle } from '../steps.js';

/**
 * A fold opens before a top-level step's entry line and closes after that
 * step's own exit line, at the next top-level entry, or at the end of the watch.
 * Another top-level step's exit does not close it: top-level steps can overlap
 * (an FDL choice's nested steps are recorded beside the choice, so the end of
 * an execution cuts short the choice and its running step, in that order), and
 * a fold closed early would leave its own step's exit line outside it.
 */
export abstract class FoldingRenderer extends PlainRenderer {
  /** The node id of the step whose fold is open. */
  private openStep?: number;

  /** Writes the markup that opens a fold titled `title` for the step `line` enters. */
  protected abstract openFold(title: string, line: StepLine): void;

  /** Writes the markup that closes the fold of step `stepId`, at `time` (epoch ms). */
  protected abstract closeFold(stepId: number, time: number): void;

  protected override printStep(line: StepLine): void {
    const { step, kind, time } = line;
    if (step.topLevel && kind === 'enter') {
      this.endFold(time);
      this.openFold(stepTitle(step), line);
      this.openStep = step.node.id;
    }
    super.printStep(line);
    if (step.topLevel && kind === 'exit' && step.node.id === this.openStep) this.endFold(time);
  }

  protected override stepsTold(): void {
    this.endFold(this.ctx.clock.now());
  }

  private endFold(time: number): void {
    if (this.openStep === undefined) return;
    this.closeFold(this.openStep, time);
    this.openStep = undefined;
  }
}
