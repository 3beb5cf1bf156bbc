// A flow definition as a diagram: states are nodes; Next, Choice branches
// (labelled with their condition), Default and Catch are edges; Parallel
// branches and Map processors are subgraphs. Read from the definition itself
// (the compiled program keeps no condition text), for both languages, and
// drawn as Mermaid (GitHub and GitLab render it in Markdown) or Graphviz dot.
import { FlowDefinitionError } from '../types.js';
import type { Fields } from './check.js';
import { asObject } from './program.js';
import { Source } from './source.js';

export interface GraphNode {
  id: string;
  /** The state's (step's) name. */
  name: string;
  type: string;
  /** Parallel branches, the Map processor, FDL foreach steps, FDL choice branches with steps of their own. */
  scopes: GraphScope[];
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  kind: 'next' | 'branch' | 'default' | 'catch';
}

export interface GraphScope {
  id: string;
  label: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The graph of a definition's text, or undefined when it does not parse (a diagram is never worth an error). */
export function definitionGraph(text: string, title: string): GraphScope | undefined {
  try {
    return flowGraph(Source.parse(text).value, title);
  } catch (err) {
    if (err instanceof FlowDefinitionError) return undefined;
    throw err;
  }
}

/** Pseudo-nodes where a scope starts and ends. */
const START = 'start';
const END = 'end';

/** The graph of a valid definition (CloudFlow or FDL), as a parsed document. */
export function flowGraph(doc: unknown, title: string): GraphScope {
  const ids = idMaker();
  const root = asObject(doc);
  return root.Type === 'StateMachine' ? cloudFlowScope(root, title, ids) : fdlScope(root, title, ids);
}

function idMaker(): () => string {
  let n = 0;
  return () => `n${n++}`;
}

/** A scope with a node for each of its states (steps), and the id a name leads to (END when none). */
function newScope(entries: readonly Fields[], keys: { name: string; type: string }, label: string, ids: () => string) {
  const scope: GraphScope = { id: ids(), label, nodes: [], edges: [] };
  const idOf = new Map<string, string>();
  for (const entry of entries) {
    const node: GraphNode = { id: ids(), name: String(entry[keys.name]), type: String(entry[keys.type]), scopes: [] };
    idOf.set(node.name, node.id);
    scope.nodes.push(node);
  }
  return { scope, to: (name: unknown) => idOf.get(String(name)) ?? END };
}

function cloudFlowScope(obj: Fields, label: string, ids: () => string): GraphScope {
  const states = asList(obj.States).map(asObject);
  const { scope, to } = newScope(states, { name: 'Name', type: 'Type' }, label, ids);
  const startAt = text(obj.StartAt);
  if (startAt) scope.edges.push({ from: START, to: to(startAt), kind: 'next' });
  states.forEach((s, i) => {
    const node = scope.nodes[i]!;
    const { id, type } = node;
    if (type === 'Choice') {
      for (const b of asList(s.Branches).map(asObject)) scope.edges.push({ from: id, to: to(b.Next), label: String(b.Condition ?? ''), kind: 'branch' });
      if (text(s.Default)) scope.edges.push({ from: id, to: to(s.Default), label: 'Default', kind: 'default' });
    } else if (type === 'Parallel') {
      node.scopes = asList(s.Branches).map((b, i) => cloudFlowScope(asObject(b), `Branch ${i}`, ids));
    } else if (type === 'Map') {
      node.scopes = [cloudFlowScope(asObject(s.Processor), 'Processor', ids)];
    }
    if (text(s.Next)) scope.edges.push({ from: id, to: to(s.Next), kind: 'next' });
    else if (s.End === true || type === 'Succeed' || type === 'Fail') scope.edges.push({ from: id, to: END, kind: 'next' });
    for (const c of asList(s.Catch).map(asObject)) scope.edges.push({ from: id, to: to(c.Next), label: errorsLabel(c.Errors), kind: 'catch' });
  });
  return scope;
}

function fdlScope(obj: Fields, label: string, ids: () => string): GraphScope {
  const steps = asList(obj.steps).map(asObject);
  const { scope, to } = newScope(steps, { name: 'name', type: 'type' }, label, ids);
  if (steps.length) scope.edges.push({ from: START, to: to(steps[0]!.name), kind: 'next' });
  steps.forEach((s, i) => {
    const node = scope.nodes[i]!;
    const { id, type } = node;
    const following = i + 1 < steps.length ? to(steps[i + 1]!.name) : END;
    const after = text(s.goto) ? to(s.goto) : following;
    if (type === 'choice') {
      const targets = [...asList(s.choices).map(asObject), ...(s.default === undefined ? [] : [asObject(s.default)])];
      targets.forEach((t, n) => {
        const isDefault = n === asList(s.choices).length;
        const edge = { from: id, kind: isDefault ? 'default' as const : 'branch' as const, label: isDefault ? 'default' : String(t.condition ?? '') };
        if (text(t.goto)) return scope.edges.push({ ...edge, to: to(t.goto) });
        // A branch's own steps run, then the flow goes on after the choice.
        const nested = fdlScope(t, isDefault ? 'default' : `choice ${n}`, ids);
        node.scopes.push(nested);
        scope.edges.push({ ...edge, to: nested.id }, { from: nested.id, to: after, kind: 'next' });
      });
      if (s.default === undefined) scope.edges.push({ from: id, to: after, label: 'default', kind: 'default' });
    } else {
      if (type === 'parallel') node.scopes = asList(s.branches).map((b, n) => fdlScope(asObject(b), `branch ${n}`, ids));
      if (type === 'foreach') node.scopes = [fdlScope(s, 'iteration', ids)];
      scope.edges.push({ from: id, to: type === 'succeed' || type === 'fail' ? END : after, kind: 'next' });
    }
    for (const c of asList(s.catch).map(asObject)) scope.edges.push({ from: id, to: to(c.goto), label: errorsLabel(c.errors), kind: 'catch' });
  });
  return scope;
}

function errorsLabel(errors: unknown): string {
  return `catch ${asList(errors).map(String).join(', ')}`;
}

/** Which states to mark: those the execution went through, and the one it failed in. */
export interface Highlight {
  visited: ReadonlySet<string>;
  failed: ReadonlySet<string>;
}

const MERMAID_SHAPE: Record<string, [string, string]> = {
  Choice: ['{', '}'], choice: ['{', '}'],
  Succeed: ['([', '])'], succeed: ['([', '])'], Fail: ['([', '])'], fail: ['([', '])'],
  Parallel: ['[[', ']]'], parallel: ['[[', ']]'], Map: ['[[', ']]'], foreach: ['[[', ']]'],
};

/** A subgraph an edge leads to (an FDL choice branch); others (branches, processors) hang off their state. */
function reached(scope: GraphScope, inner: GraphScope): boolean {
  return scope.edges.some((e) => e.to === inner.id);
}

function mermaidText(s: string): string {
  return `"${s.replace(/"/g, '#quot;').replace(/\n/g, ' ')}"`;
}

export function renderMermaid(graph: GraphScope, highlight?: Highlight): string {
  const lines = ['flowchart TD'];
  const classes: { visited: string[]; failed: string[] } = { visited: [], failed: [] };
  const scopeLines = (scope: GraphScope, indent: string) => {
    const start = `${scope.id}_start`;
    const end = `${scope.id}_end`;
    const ref = (id: string) => (id === START ? start : id === END ? end : id);
    if (scope.edges.some((e) => e.from === START)) lines.push(`${indent}${start}(("start"))`);
    if (scope.edges.some((e) => e.to === END)) lines.push(`${indent}${end}(("end"))`);
    for (const node of scope.nodes) {
      const [open, close] = MERMAID_SHAPE[node.type] ?? ['[', ']'];
      lines.push(`${indent}${node.id}${open}${mermaidText(node.name)}${close}`);
      if (highlight?.failed.has(node.name)) classes.failed.push(node.id);
      else if (highlight?.visited.has(node.name)) classes.visited.push(node.id);
      for (const inner of node.scopes) {
        lines.push(`${indent}subgraph ${inner.id}[${mermaidText(`${node.name}: ${inner.label}`)}]`);
        scopeLines(inner, `${indent}  `);
        lines.push(`${indent}end`);
        if (!reached(scope, inner)) lines.push(`${indent}${node.id} -.- ${inner.id}`);
      }
    }
    for (const e of scope.edges) {
      const arrow = e.kind === 'catch' ? '-.->' : '-->';
      lines.push(`${indent}${ref(e.from)} ${arrow}${e.label ? `|${mermaidText(e.label)}|` : ''} ${ref(e.to)}`);
    }
  };
  scopeLines(graph, '  ');
  if (highlight) {
    lines.push('  classDef visited fill:#dafbe1,stroke:#1a7f37', '  classDef failed fill:#ffebe9,stroke:#cf222e,stroke-width:2px');
    if (classes.visited.length) lines.push(`  class ${classes.visited.join(',')} visited`);
    if (classes.failed.length) lines.push(`  class ${classes.failed.join(',')} failed`);
  }
  return `${lines.join('\n')}\n`;
}

const DOT_SHAPE: Record<string, string> = {
  Choice: 'diamond', choice: 'diamond', Succeed: 'oval', succeed: 'oval', Fail: 'oval', fail: 'oval',
};

function dotText(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}

export function renderDot(graph: GraphScope): string {
  const lines = [`digraph ${dotText(graph.label)} {`, '  node [shape=box, style=rounded];'];
  const scopeLines = (scope: GraphScope, indent: string) => {
    const ref = (id: string) => (id === START ? `${scope.id}_start` : id === END ? `${scope.id}_end` : id);
    if (scope.edges.some((e) => e.from === START)) lines.push(`${indent}${scope.id}_start [shape=circle, label="start"];`);
    if (scope.edges.some((e) => e.to === END)) lines.push(`${indent}${scope.id}_end [shape=doublecircle, label="end"];`);
    for (const node of scope.nodes) {
      lines.push(`${indent}${node.id} [label=${dotText(node.name)}${DOT_SHAPE[node.type] ? `, shape=${DOT_SHAPE[node.type]}` : ''}];`);
      for (const inner of node.scopes) {
        lines.push(`${indent}subgraph cluster_${inner.id} {`, `${indent}  label=${dotText(`${node.name}: ${inner.label}`)};`);
        // An invisible anchor, so edges can point at the cluster.
        lines.push(`${indent}  ${inner.id} [shape=point, style=invis];`);
        scopeLines(inner, `${indent}  `);
        lines.push(`${indent}}`);
        if (!reached(scope, inner)) lines.push(`${indent}${node.id} -> ${inner.id} [style=dashed, arrowhead=none];`);
      }
    }
    for (const e of scope.edges) {
      const attrs = [e.label ? `label=${dotText(e.label)}` : '', e.kind === 'catch' ? 'style=dashed' : ''].filter(Boolean);
      lines.push(`${indent}${ref(e.from)} -> ${ref(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
    }
  };
  scopeLines(graph, '  ');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
