// The GitHub step summary's diagram: the flow drawn in Mermaid with the path
// the execution took and the state it failed in marked.
import { describe, expect, it } from 'vitest';
import { pathDiagram } from '../../src/ui/github.js';
import type { Snapshot, StepNode } from '../../src/watch/types.js';
import { SHOP_FLOW } from '../helpers/flows.js';


function step(name: string, status: StepNode['status'], extra: Partial<StepNode> = {}): StepNode {
  return { id: name.length, name, status, enteredAt: 0, ...extra };
}

function snapshot(definition: string | undefined): Snapshot {
  return {
    flowName: 'shop',
    executionName: 'e1',
    execution: { Name: 'e1', FlowName: 'shop', Status: 'Failed', StartedTime: '2026-12-01T10:00:00.000Z', FlowDefinition: definition },
    steps: [step('check', 'succeeded'), step('both', 'failed', { branches: [{ index: 0, status: 'failed', steps: [step('pay', 'failed')] }] })],
    startedAt: 0,
    done: true,
  };
}

describe('pathDiagram', () => {
  it('marks the states passed through and the innermost failed one', async () => {
    const text = await pathDiagram(snapshot(SHOP_FLOW));
    expect(text).toMatch(/^```mermaid\nflowchart TD\n/);
    expect(text).toContain('  class n1,n2 visited\n  class n6 failed\n```\n');
    expect(text).toContain('  n6["pay"]\n');
  });

  it('draws nothing without a definition, or with one that does not parse', async () => {
    expect(await pathDiagram(snapshot(undefined))).toBe('');
    expect(await pathDiagram(snapshot('a: [1, 2\n'))).toBe('');
  });
});
