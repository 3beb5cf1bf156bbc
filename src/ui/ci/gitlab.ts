// GitLab CI: the plain lines, each top-level step in a collapsible section of
// the job log (see folds.ts for which lines a section holds): `section_start` /
// `section_end` markers, which need the carriage return and erase-line codes
// GitLab's log parser looks for.
// https://docs.gitlab.com/ci/jobs/job_logs/ (custom collapsible sections)
import type { StepLine } from '../lines.js';
import { FoldingRenderer } from './folds.js';

const ESC = '\u001b';

export class GitLabRenderer extends FoldingRenderer {
  protected override openFold(title: string, line: StepLine): void {
    this.raw(`${ESC}[0Ksection_start:${unixSeconds(line.time)}:${sectionName(line.step.node.id)}\r${ESC}[0K${title}`);
  }

  protected override closeFold(stepId: number, time: number): void {
    this.raw(`${ESC}[0Ksection_end:${unixSeconds(time)}:${sectionName(stepId)}\r${ESC}[0K`);
  }
}

/** Section names allow letters, digits, _ . and -: the step's event id keeps them unique. */
function sectionName(stepId: number): string {
  return `fnf_step_${stepId}`;
}

function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
