// Runs one CloudFlow expression through the real engine in-process: a
// one-state Pass flow whose OutputConstructor holds `result.$: <expr>`, so an
// expression is compiled by the flow checker and evaluated by the engine as a
// flow on the service would have it.
import { afterAll } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import { compileDefinition } from '../../src/local/flow/index.js';
import type { FlowDefinitionError } from '../../src/local/types.js';
import { MemoryHost } from '../local/engine/memory-host.js';
import { refusal as refusalOf } from './cloudflow-run.js';

export { refusalOf };

const host = new MemoryHost(100);
const engine = createEngine({ host });
afterAll(() => engine.close());

let runs = 0;

/** A CloudFlow definition as YAML lines (so errors have lines to name): the header, then `states`, each line indented under States. */
export function cloudFlow(name: string, startAt: string, ...states: string[]): string {
  return ['Type: StateMachine', `Name: ${name}`, 'SpecVersion: v1', `StartAt: ${startAt}`, 'States:', ...states.map((l) => `  ${l}`), ''].join('\n');
}

/** A one-state flow whose output is `{ result: <expr> }`. */
export function passFlow(expr: string): string {
  return cloudFlow('expression', 'Evaluate',
    '- Type: Pass',
    '  Name: Evaluate',
    '  OutputConstructor:',
    `    result.$: ${JSON.stringify(expr)}`,
    '  End: true');
}

interface Outcome { output?: unknown; error?: string; cause?: string; steps: string[] }

/** Runs a whole definition: the steps it entered, and its output when it succeeds, else the error and cause it failed with. */
export async function runFlow(definition: string, input: unknown = {}): Promise<Outcome> {
  const exec = host.execution(`expression-${++runs}`, input);
  engine.start(exec, compileDefinition(definition));
  const result = await host.ended(exec);
  const steps = exec.events.filter((e) => e.Type === 'StepEntered').map((e) => e.StepName);
  return result.status === 'Succeeded' ? { output: JSON.parse(result.output), steps } : { error: result.error, cause: result.cause, steps };
}

/** The value of `expr` over `input` as $Input; throws when the step fails. */
export async function evaluate(expr: string, input: unknown = {}): Promise<unknown> {
  const { output, error, cause } = await runFlow(passFlow(expr), input);
  if (error !== undefined) throw new Error(`${error}: ${cause}`);
  return (output as { result: unknown }).result;
}

/** How the step fails at run time. */
export async function failure(expr: string, input: unknown = {}): Promise<{ error?: string; cause?: string }> {
  const { error, cause } = await runFlow(passFlow(expr), input);
  return { error, cause };
}

/** The checker's refusal of `expr` in a Pass state's OutputConstructor. */
export const refusal = (expr: string): FlowDefinitionError => refusalOf(passFlow(expr));
