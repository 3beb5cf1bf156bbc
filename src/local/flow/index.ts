// Definition text → CompiledFlow, for either language; every problem is a
// FlowDefinitionError naming the place and its line.
import { basename, extname } from 'node:path';
import type { CompiledFlow } from '../types.js';
import { Checker } from './check.js';
import { compileCloudFlow } from './cloudflow.js';
import { compileFdl } from './fdl.js';
import type { Program } from './program.js';
import { Source } from './source.js';

export function compileDefinition(text: string, fileName?: string): CompiledFlow {
  const src = Source.parse(text);
  const c = new Checker(src);
  const doc = c.object(src.value, [], 'a mapping (a flow definition)');
  const fallbackName = fileName ? basename(fileName, extname(fileName)) : '';
  if (doc.Type === 'StateMachine') {
    const program: Program = { root: compileCloudFlow(c, doc) };
    return { name: typeof doc.Name === 'string' ? doc.Name : fallbackName, language: 'cloudflow', program };
  }
  if (doc.type === 'flow' || doc.steps !== undefined) {
    const program: Program = { root: compileFdl(c, doc) };
    return { name: typeof doc.name === 'string' ? doc.name : fallbackName, language: 'fdl', program };
  }
  return c.fail(doc.Type !== undefined ? ['Type'] : [], 'not a flow definition: expected "Type: StateMachine" (CloudFlow) or "type: flow" with steps (FDL)');
}

export type { Program } from './program.js';
