// Definition text → CompiledFlow, for either language; every problem is a
// FlowDefinitionError naming the place and its line.
import { basename, extname } from 'node:path';
import { FlowDefinitionError, type CompiledFlow } from '../types.js';
import { Checker } from './check.js';
import { compileCloudFlow } from './cloudflow.js';
import { compileFdl } from './fdl.js';
import type { Program } from './program.js';
import { Source } from './source.js';

export function compileDefinition(text: string, fileName?: string): CompiledFlow {
  return compileWith(new Checker(Source.parse(text)), fileName);
}

export interface DefinitionCheck {
  /** The flow's name (CloudFlow `Name`, FDL `name`, else the file name), once the language is known. */
  name?: string;
  problems: FlowDefinitionError[];
}

/** Every problem of a definition, not only the first, with the same checks as compileDefinition (`fnf flows validate`). */
export function checkDefinition(text: string, fileName?: string): DefinitionCheck {
  const { value, problems } = collectProblems(text, (c) => compileWith(c, fileName));
  return { name: value?.name, problems };
}

/**
 * Reads YAML or JSON text with `read` and a collecting Checker: what `read` made of it (undefined when a problem
 * ended the reading) and every problem found, not only the first. Flow definitions and `fnf test` files alike.
 */
export function collectProblems<T>(text: string, read: (c: Checker) => T): { value?: T; problems: FlowDefinitionError[] } {
  let c: Checker;
  try {
    c = new Checker(Source.parse(text), { collect: true });
  } catch (err) {
    if (err instanceof FlowDefinitionError) return { problems: [err] };
    throw err;
  }
  return { value: c.each(() => read(c)), problems: c.problems };
}

function compileWith(c: Checker, fileName: string | undefined): CompiledFlow {
  const src = c.src;
  const doc = c.object(src.value, [], 'a mapping (a flow definition)');
  const fallbackName = fileName ? basename(fileName, extname(fileName)) : '';
  if (doc.Type === 'StateMachine') {
    const program: Program = compileCloudFlow(c, doc);
    return { name: typeof doc.Name === 'string' ? doc.Name : fallbackName, language: 'cloudflow', program };
  }
  if (doc.type === 'flow' || doc.steps !== undefined) {
    const program: Program = compileFdl(c, doc);
    return { name: typeof doc.name === 'string' ? doc.name : fallbackName, language: 'fdl', program };
  }
  return c.fail(doc.Type !== undefined ? ['Type'] : [], 'not a flow definition: expected "Type: StateMachine" (CloudFlow) or "type: flow" with steps (FDL)');
}

export type { Program } from './program.js';
