// Runs a CloudFlow definition through the real engine in-process (the
// in-memory host of test/local/engine), with the handlers of cf-functions/,
// and hands back what the tests look at; or compiles one that must be refused.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createEngine } from '../../src/local/engine/index.js';
import type { Timers } from '../../src/local/engine/hooks.js';
import { MockedTasks, parseMocks } from '../../src/local/engine/mocks.js';
import { TaskRunner } from '../../src/local/engine/tasks.js';
import { compileDefinition } from '../../src/local/flow/index.js';
import { FlowDefinitionError, type ExecutionRecord, type ExecutionResult } from '../../src/local/types.js';
import { detailOf, MemoryHost } from '../local/engine/memory-host.js';

export const CF_FUNCTIONS = join(dirname(fileURLToPath(import.meta.url)), 'cf-functions');

export interface Ran {
  result: ExecutionResult;
  exec: ExecutionRecord;
  /** The output of each state that exited, by name (the last one when a state ran more than once). */
  outputs: Record<string, unknown>;
  /** Names of the states entered, in order. */
  entered: string[];
}

/**
 * Runs a definition to its end; Waits, retries, timeouts and mocks' `after` go `timeScale` times faster. `mocks` is
 * what a mocks file holds (handler files relative to cf-functions/), read by the same reader.
 */
export async function run(definition: string, input: unknown = {}, mocks?: Record<string, unknown>, timeScale = 1000, timers?: Timers): Promise<Ran> {
  const host = new MemoryHost(timeScale);
  const runner = new TaskRunner(CF_FUNCTIONS);
  const tasks = mocks ? new MockedTasks(parseMocks(JSON.stringify(mocks), join(CF_FUNCTIONS, 'mocks.json')), runner, { timeScale, timers }) : runner;
  const engine = createEngine({ host, tasks, timers });
  try {
    const exec = host.execution('docs-1', input);
    engine.start(exec, engine.compile(definition));
    const result = await host.ended(exec);
    const outputs: Record<string, unknown> = {};
    for (const e of exec.events) if (e.Type === 'StepExited') outputs[e.StepName] = detailOf(e).output;
    const entered = exec.events.filter((e) => e.Type === 'StepEntered').map((e) => e.StepName);
    return { result, exec, outputs, entered };
  } finally {
    await engine.close();
  }
}

/** The execution's output when it succeeded, else its result (status, error, cause). */
export const outputOf = (r: Ran) => (r.result.status === 'Succeeded' ? JSON.parse(r.result.output) : r.result);

/** The checker's refusal of a definition, with the place and line it names. */
export function refusal(definition: string): FlowDefinitionError {
  try {
    compileDefinition(definition);
  } catch (err) {
    if (err instanceof FlowDefinitionError) return err;
    throw err;
  }
  throw new Error(`the definition compiled:\n${definition}`);
}

export const accepts = (definition: string) => expect(() => compileDefinition(definition)).not.toThrow();
