// What `fnf flows deploy` would change: flow files against the flows on the
// account. Plain functions, no I/O, so the plan is tested on its own.
import type { Flow } from '../api/types.js';

export type ExecutionMode = 'Standard' | 'Express';

/** What the options set on every flow deploy creates or updates; undefined leaves the flow's own. */
export interface FlowAttributes {
  description?: string;
  roleArn?: string;
  executionMode?: ExecutionMode;
}

export interface LocalFlow {
  name: string;
  file: string;
  definition: string;
}

export type Change = 'create' | 'update' | 'unchanged' | 'delete';

export interface PlanStep {
  change: Change;
  name: string;
  /** The file that defines it (all but delete). */
  file?: string;
  definition?: string;
  /** What differs, for an update: definition, description, role, mode. */
  differences: string[];
}

/** Deployed flows as far as the plan needs them: Definition may come from DescribeFlow. */
export type DeployedFlow = Pick<Flow, 'Name' | 'Definition' | 'Description' | 'RoleArn' | 'ExecutionMode'>;

export function planDeploy(local: readonly LocalFlow[], deployed: readonly DeployedFlow[], attrs: FlowAttributes, prune: boolean): PlanStep[] {
  const byName = new Map(deployed.map((f) => [f.Name, f]));
  const steps: PlanStep[] = local.map((flow) => {
    const current = byName.get(flow.name);
    const base = { name: flow.name, file: flow.file, definition: flow.definition };
    if (!current) return { ...base, change: 'create', differences: [] };
    const differences = differencesOf(flow, current, attrs);
    return { ...base, change: differences.length ? 'update' : 'unchanged', differences };
  });
  if (prune) {
    const named = new Set(local.map((f) => f.name));
    for (const flow of [...deployed].sort((a, b) => a.Name.localeCompare(b.Name))) {
      if (!named.has(flow.Name)) steps.push({ change: 'delete', name: flow.Name, differences: [] });
    }
  }
  return steps;
}

function differencesOf(flow: LocalFlow, current: DeployedFlow, attrs: FlowAttributes): string[] {
  const differences: string[] = [];
  if (current.Definition !== flow.definition) differences.push('definition');
  if (attrs.description !== undefined && attrs.description !== (current.Description ?? '')) differences.push('description');
  if (attrs.roleArn !== undefined && attrs.roleArn !== (current.RoleArn ?? '')) differences.push('role');
  if (attrs.executionMode !== undefined && attrs.executionMode !== (current.ExecutionMode || 'Standard')) differences.push('mode');
  return differences;
}

const MARK: Record<Change, string> = { create: '+', update: '~', unchanged: '=', delete: '-' };

/** `+ create  order  flows/order.yaml`, `~ update  refund  flows/refund.yaml (definition)`; `outcome` follows when applied. */
export function planLine(step: PlanStep, width: number, outcome?: string): string {
  const where = [step.file, step.differences.length ? `(${step.differences.join(', ')})` : ''].filter(Boolean).join(' ');
  return [`${MARK[step.change]} ${step.change.padEnd(9)} ${step.name.padEnd(width)}`, where, outcome].filter(Boolean).join('  ').trimEnd();
}
