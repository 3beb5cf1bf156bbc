// `fnf flows graph`: states are nodes; Next, Choice branches, Default and Catch
// are edges; Parallel branches and Map processors are subgraphs.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { flowGraph, renderMermaid } from '../../src/local/flow/graph.js';
import { Source } from '../../src/local/flow/source.js';
import { testCtx } from '../helpers/ctx.js';
import { writeFlowsDir } from '../helpers/endpoint.js';
import { SHOP_FLOW as SHOP } from '../helpers/flows.js';


const LEGACY = `version: v1
type: flow
steps:
  - type: choice
    name: many
    choices:
      - condition: $.n > 5
        steps:
          - type: pass
            name: think
    default:
      goto: done
  - type: foreach
    name: each
    iterationMapping: {collection: $.items, item: item}
    steps:
      - type: pass
        name: one
  - type: succeed
    name: done
`;

async function graph(text: string, args: string[] = []) {
  const cwd = writeFlowsDir({ 'flow.yaml': text });
  const ctx = testCtx({ cwd });
  const code = await main(['flows', 'graph', 'flow.yaml', ...args], ctx);
  return { code, out: ctx.stdout.text, err: ctx.stderr.text };
}

describe('fnf flows graph', () => {
  it('draws CloudFlow as Mermaid: choice conditions, Default, Catch, and a Parallel branch as a subgraph', async () => {
    const { code, out } = await graph(SHOP);
    expect(code).toBe(0);
    expect(out).toBe(`flowchart TD
  n0_start(("start"))
  n0_end(("end"))
  n1{"check"}
  n2[["both"]]
  subgraph n5["both: Branch 0"]
    n5_start(("start"))
    n5_end(("end"))
    n6["pay"]
    n5_start --> n6
    n6 --> n5_end
  end
  n2 -.- n5
  n3(["done"])
  n4(["oops"])
  n0_start --> n1
  n1 -->|"$Input.total > 100"| n2
  n1 -->|"Default"| n3
  n2 --> n3
  n2 -.->|"catch FnF.ALL"| n4
  n3 --> n0_end
  n4 --> n0_end
`);
  });

  it('draws the older FDL: a choice branch with steps of its own, a foreach as a subgraph', async () => {
    const { out } = await graph(LEGACY);
    expect(out).toContain('  n1 -->|"$.n > 5"| n4\n  n4 --> n2\n  n1 -->|"default"| n3\n');
    expect(out).toContain('  subgraph n6["each: iteration"]\n');
    expect(out).toContain('  n2 -.- n6\n');
  });

  it('draws Graphviz dot with clusters', async () => {
    const { out } = await graph(SHOP, ['--format', 'dot']);
    expect(out).toMatch(/^digraph "shop" \{\n/);
    expect(out).toContain('  subgraph cluster_n5 {\n    label="both: Branch 0";\n');
    expect(out).toContain('  n1 -> n2 [label="$Input.total > 100"];\n');
    expect(out).toContain('  n2 -> n4 [label="catch FnF.ALL", style=dashed];\n');
  });

  it('marks the path an execution took and the state it failed in', () => {
    const text = renderMermaid(flowGraph(Source.parse(SHOP).value, 'shop'), { visited: new Set(['check', 'both', 'pay']), failed: new Set(['oops']) });
    expect(text).toContain('  class n1,n2,n6 visited\n  class n4 failed\n');
  });

  it('refuses --output, which it does not take, rather than leaving it to `fnf flows` and ignoring it', async () => {
    const { code, out, err } = await graph(SHOP, ['--output', 'json']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^fnf: unknown option '--output'\n/);
  });

  it('refuses an invalid definition with its problems on stderr: stdout holds only a diagram', async () => {
    const { code, out, err } = await graph(SHOP.replace('Next: oops', 'Next: nowhere'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('flow.yaml:23:15: States[1].Catch[0].Next: no state named "nowhere" in this scope\nfnf: 1 problem in 1 of 1 file\n');
  });

  it('flows diff, too, tells the problems of an invalid file on stderr, before any request', async () => {
    const cwd = writeFlowsDir({ 'flow.yaml': SHOP.replace('Next: oops', 'Next: nowhere') });
    const ctx = testCtx({ cwd });
    expect(await main(['flows', 'diff', 'flow.yaml'], ctx)).toBe(2);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toMatch(/^flow\.yaml:23:15: States\[1\]\.Catch\[0\]\.Next: no state named "nowhere"/);
  });
});
