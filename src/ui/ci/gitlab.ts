// GitLab CI: the plain lines, each top-level step in a collapsible section of
// the job log (`section_start` / `section_end` markers, which need the
// carriage return and erase-line codes GitLab's log parser looks for).
// https://docs.gitlab.com/ci/jobs/job_logs/ (custom collapsible sections)
import type { StepLine } from '../lines.js';
import { PlainRenderer } from '../plain.js';
import type { FollowEnd } from '../renderer.js';
import { stepTypeText } from '../steps.js';

const ESC = '\u001b';

export class GitLabRenderer extends PlainRenderer {
  private openSection?: { name: string };

  protected override printStep(line: StepLine): void {
    const top = line.step.topLevel;
    if (top && line.kind === 'enter') {
      this.closeSection(line.time);
      const type = stepTypeText(line.step.node);
      // Section names allow letters, digits, _ . and -: the step's event id keeps them unique.
      const name = `fnf_step_${line.step.node.id}`;
      this.raw(`${ESC}[0Ksection_start:${unixSeconds(line.time)}:${name}\r${ESC}[0K${line.step.path}${type ? ` (${type})` : ''}`);
      this.openSection = { name };
    }
    super.printStep(line);
    if (top && line.kind === 'exit') this.closeSection(line.time);
  }

  override async finish(end: FollowEnd): Promise<void> {
    this.closeSection(this.ctx.clock.now());
    await super.finish(end);
  }

  private closeSection(time: number): void {
    if (!this.openSection) return;
    this.raw(`${ESC}[0Ksection_end:${unixSeconds(time)}:${this.openSection.name}\r${ESC}[0K`);
    this.openSection = undefined;
  }
}

function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
