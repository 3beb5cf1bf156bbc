// Many executions in GitHub Actions: the tagged plain lines (their steps
// interleave, so no groups), an error annotation per execution that fails,
// and each execution's step table in the job summary.
import { appendToCiFile } from '../ci/report-file.js';
import { errorAnnotation, markdownSummary } from '../github.js';
import type { Snapshot } from '../../watch/types.js';
import type { ManyEnd } from '../renderer.js';
import { PlainManyRenderer } from './plain.js';

export class GitHubManyRenderer extends PlainManyRenderer {
  override async finish(end: ManyEnd): Promise<void> {
    await super.finish(end);
    if (end.kind === 'unread') return;
    await appendToCiFile(this.ctx, 'GITHUB_STEP_SUMMARY', () => end.snapshots.map((s) => markdownSummary(s, this.ctx.clock.now())).join(''));
  }

  protected override reportFailure(snapshot: Snapshot): void {
    this.raw(errorAnnotation(`${snapshot.flowName}/${snapshot.executionName}`, snapshot, this.mc.historyCommand(snapshot.executionName)));
  }
}
