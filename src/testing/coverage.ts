// Coverage of a flow by its test cases: every state (at any depth), every
// Choice branch and Default, every Catch rule. The compiled program is copied
// with each of those wrapped to note, for the execution that runs it, that it
// was reached; the engine runs the copy unchanged otherwise.
import type { ChoiceNode, ContextView, Program, Scope, StateNode } from '../local/flow/program.js';

export interface CoverageItem {
  id: string;
  kind: 'state' | 'branch' | 'catch';
}

export interface FlowCoverage {
  items: CoverageItem[];
  /** Ids reached by at least one case. */
  reached: Set<string>;
}

/** A program instrumented for coverage, and the ids reached by each execution (by execution name). */
export class CoverageProbe {
  readonly items: CoverageItem[] = [];
  readonly program: Program;
  private readonly sinks = new Map<string, Set<string>>();

  constructor(program: Program) {
    this.program = { ...program, root: this.scope(program.root, '') };
  }

  /** Starts collecting for an execution; the returned set fills as it runs. */
  track(execution: string): Set<string> {
    const sink = new Set<string>();
    this.sinks.set(execution, sink);
    return sink;
  }

  release(execution: string): void {
    this.sinks.delete(execution);
  }

  private hit(context: ContextView, id: string): void {
    this.sinks.get(context.Execution.Name)?.add(id);
  }

  private add(kind: CoverageItem['kind'], id: string): string {
    this.items.push({ id, kind });
    return id;
  }

  private scope(def: Scope, prefix: string): Scope {
    return { ...def, states: new Map([...def.states].map(([name, node]) => [name, this.node(node, `${prefix}${name}`)])) };
  }

  private node(node: StateNode, id: string): StateNode {
    this.add('state', id);
    const input = node.io.input;
    const wrapped = {
      ...node,
      io: { ...node.io, input: (...args: Parameters<typeof input>) => (this.hit(args[1], id), input(...args)) },
      catch: node.catch.map((rule) => {
        const ruleId = this.add('catch', `${id}: Catch ${rule.errors.join(', ')} → ${rule.next}`);
        return { ...rule, caught: (...args: Parameters<typeof rule.caught>) => (this.hit(args[3], ruleId), rule.caught(...args)) };
      }),
    } as StateNode;
    switch (wrapped.kind) {
      case 'choice':
        return this.choice(wrapped, id);
      case 'parallel':
        return { ...wrapped, branches: wrapped.branches.map((b, i) => this.scope(b, `${id}[${i}]/`)) };
      case 'map':
        return { ...wrapped, processor: this.scope(wrapped.processor, `${id}/`) };
      default:
        return wrapped;
    }
  }

  /** The engine takes the first branch whose test is true, else Default: so a false last test means Default. */
  private choice(node: ChoiceNode, id: string): ChoiceNode {
    const last = node.branches.length - 1;
    const target = (t: { next?: string }) => t.next ?? 'its steps';
    const defaultId = node.otherwise && this.add('branch', `${id}: Default → ${target(node.otherwise)}`);
    const branches = node.branches.map((b, i) => {
      const branchId = this.add('branch', `${id}: branch ${i + 1} → ${target(b)}`);
      return {
        ...b,
        scope: b.scope && this.scope(b.scope, `${id}/${i + 1}/`),
        test: (input: unknown, context: ContextView) => {
          const taken = b.test(input, context);
          if (taken) this.hit(context, branchId);
          else if (i === last && defaultId) this.hit(context, defaultId);
          return taken;
        },
      };
    });
    const otherwise = node.otherwise && { ...node.otherwise, scope: node.otherwise.scope && this.scope(node.otherwise.scope, `${id}/default/`) };
    return { ...node, branches, otherwise };
  }
}

export function summarize(coverage: FlowCoverage): { reached: number; total: number; percent: number; missed: CoverageItem[] } {
  const missed = coverage.items.filter((i) => !coverage.reached.has(i.id));
  const total = coverage.items.length;
  const reached = total - missed.length;
  return { reached, total, percent: total === 0 ? 100 : (reached / total) * 100, missed };
}
