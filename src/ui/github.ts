// GitHub Actions: the plain lines, each top-level step folded in a group (see ci/folds.ts), an
// error annotation when the execution fails, and a Markdown summary of the
// steps with the flow drawn as a Mermaid diagram of the path it took.
import type { Snapshot, StepNode } from '../watch/types.js';
import { FoldingRenderer } from './ci/folds.js';
import { appendToCiFile } from './ci/report-file.js';
import { statusMark } from './format.js';
import type { FollowEnd } from './renderer.js';
import { failureLines, failureOf } from './failure.js';
import { durationOf, errorText } from './result.js';
import { mapSummaryText, stepDuration, stepErrorText, stepTypeText } from './steps.js';

/** Workflow-command message data: %, CR and LF are escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error title=flow/execution Failed::why`, the annotation of an execution that did not succeed. */
export function errorAnnotation(name: string, snapshot: Snapshot, historyCommand: string): string {
  const title = `${name} ${snapshot.execution.Status}`;
  return `::error title=${escapeProperty(title)}::${escapeData(failureLines(failureOf(snapshot, historyCommand), false).join('\n'))}`;
}

export class GitHubRenderer extends FoldingRenderer {
  protected override openFold(title: string): void {
    this.raw(`::group::${escapeData(title)}`);
  }

  protected override closeFold(): void {
    this.raw('::endgroup::');
  }

  override async finish(end: FollowEnd): Promise<void> {
    await super.finish(end);
    const { snapshot } = end;
    if (snapshot) await appendToCiFile(this.ctx, 'GITHUB_STEP_SUMMARY', async () => markdownSummary(snapshot, this.ctx.clock.now()) + await pathDiagram(snapshot));
  }

  protected override reportFailure(snapshot: Snapshot): void {
    this.raw(errorAnnotation(`${this.rc.flowName}/${this.rc.executionName}`, snapshot, this.rc.historyCommand));
  }
}

export function markdownSummary(snapshot: Snapshot, now: number): string {
  const { execution } = snapshot;
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const rows = snapshot.steps.map((node) => {
    const notes = [node.map ? mapSummaryText(node.map) : '', stepErrorText(node)].filter(Boolean).join('; ');
    return `| ${cell(node.name)} | ${cell(stepTypeText(node))} | ${statusMark(node.status)} ${node.status} | ${stepDuration(node, now)} | ${cell(notes)} |`;
  });
  const error = execution.ErrorCode ? `\n\n${errorText(`**${cell(execution.ErrorCode)}**`, cell(execution.ErrorMessage ?? ''))}` : '';
  return [
    `### ${statusMark(execution.Status)} ${cell(snapshot.flowName)} / ${cell(snapshot.executionName)}: ${execution.Status} in ${durationOf(execution, now)}${error}`,
    '',
    '| Step | Type | Status | Duration | Notes |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '',
  ].join('\n');
}

/**
 * The flow as a Mermaid block (GitHub renders it in the summary): the states
 * the execution went through marked, and the innermost ones it failed in.
 * Nothing when the answer carries no definition, or one that does not parse.
 */
export async function pathDiagram(snapshot: Snapshot): Promise<string> {
  const definition = snapshot.execution.FlowDefinition;
  if (!definition) return '';
  const { definitionGraph, renderMermaid } = await import('../local/flow/graph.js');
  const graph = definitionGraph(definition, snapshot.flowName);
  if (!graph) return '';
  const visited = new Set<string>();
  const failed = new Set<string>();
  const visit = (steps: readonly StepNode[]) => {
    for (const step of steps) {
      visited.add(step.name);
      const inner = step.branches ?? [];
      if (step.status === 'failed' && !inner.some((b) => b.status === 'failed')) failed.add(step.name);
      for (const branch of inner) visit(branch.steps);
    }
  };
  visit(snapshot.steps);
  return `\`\`\`mermaid\n${renderMermaid(graph, { visited, failed })}\`\`\`\n\n`;
}
