// What a watch leaves behind for CI once it ends: the JUnit file --junit
// names, and the step outputs GitHub Actions reads from $GITHUB_OUTPUT.
import type { Execution } from '../../api/types.js';
import type { Ctx } from '../../context.js';
import type { Snapshot } from '../../watch/types.js';
import { githubOutputText } from './github-output.js';
import { appendToCiFile, writeReportFile } from './report-file.js';
import { junitXml } from './junit.js';

/** After a watch: the JUnit report (when asked for) and the GitHub outputs (in GitHub Actions). */
export async function writeEndReports(ctx: Ctx, snapshots: readonly Snapshot[], junitFile: string | undefined, many: boolean): Promise<void> {
  if (junitFile !== undefined) await writeReportFile(ctx, junitFile, junitXml(snapshots, ctx.clock.now()), 'the JUnit report');
  const executions = snapshots.map((s) => s.execution);
  if (many) await writeGitHubOutputs(ctx, { executions: JSON.stringify(executions.map(outputsOf)) });
  else if (executions[0]) await writeGitHubOutputs(ctx, outputsOf(executions[0]));
}

/** `name`, `status` and `output` of one execution, as later steps read them (`steps.<id>.outputs.name`). */
export function outputsOf(e: Pick<Execution, 'Name' | 'Status' | 'Output'>): Record<string, string> {
  return { name: e.Name, status: e.Status, output: e.Output ?? '' };
}

/** Appends to $GITHUB_OUTPUT when GitHub Actions set it; does nothing elsewhere. */
export async function writeGitHubOutputs(ctx: Ctx, values: Readonly<Record<string, string>>): Promise<void> {
  await appendToCiFile(ctx, 'GITHUB_OUTPUT', () => githubOutputText(values));
}
