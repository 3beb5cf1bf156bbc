// The deploy plan on its own: files against deployed flows.
import { describe, expect, it } from 'vitest';
import { planDeploy, planLine, type DeployedFlow, type LocalFlow } from '../../src/commands/flows-plan.js';

const local: LocalFlow[] = [
  { name: 'new_one', file: 'flows/new_one.yaml', definition: 'A' },
  { name: 'same', file: 'flows/same.yaml', definition: 'B' },
  { name: 'changed', file: 'flows/changed.yaml', definition: 'C2' },
];
const deployed: DeployedFlow[] = [
  { Name: 'same', Definition: 'B', Description: '', ExecutionMode: 'Standard' },
  { Name: 'changed', Definition: 'C1', Description: '', ExecutionMode: 'Standard' },
  { Name: 'zz_orphan', Definition: 'Z', Description: '', ExecutionMode: 'Standard' },
  { Name: 'an_orphan', Definition: 'Y', Description: '', ExecutionMode: 'Standard' },
];

const summary = (steps: ReturnType<typeof planDeploy>) => steps.map((s) => `${s.change} ${s.name} ${s.differences.join(',')}`.trim());

describe('planDeploy', () => {
  it('creates what is missing, updates what changed, leaves equal definitions alone', () => {
    expect(summary(planDeploy(local, deployed, {}, false))).toEqual(['create new_one', 'unchanged same', 'update changed definition']);
  });

  it('deletes, with --prune, the flows no file names, in name order', () => {
    expect(summary(planDeploy(local, deployed, {}, true)).slice(3)).toEqual(['delete an_orphan', 'delete zz_orphan']);
  });

  it('updates flows whose description, role or mode differ from the options given', () => {
    const plan = planDeploy(local.slice(1, 2), deployed, { description: 'd', roleArn: 'acs:ram::1:role/r', executionMode: 'Express' }, false);
    expect(summary(plan)).toEqual(['update same description,role,mode']);
    expect(summary(planDeploy(local.slice(1, 2), deployed, { executionMode: 'Standard', description: '' }, false))).toEqual(['unchanged same']);
  });

  it('prints one aligned line per flow, with the outcome once applied', () => {
    const [create, , update] = planDeploy(local, deployed, {}, false);
    expect(planLine(create!, 7)).toBe('+ create    new_one  flows/new_one.yaml');
    expect(planLine(update!, 7, 'failed: AccessDenied')).toBe('~ update    changed  flows/changed.yaml (definition)  failed: AccessDenied');
  });
});
