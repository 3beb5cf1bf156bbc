// The flows the endpoint knows: from the data dir (made through the API,
// persisted on every change) and from the --flows directory (loaded at
// start-up, not persisted, winning over a stored flow of the same name).
import { randomUUID } from 'node:crypto';
import { optional, optionalInt, optionalLength, required, requiredName, type Params } from './params.js';
import { toFlow } from './shapes.js';
import type { FlowRecord, Store } from './store.js';
import { FlowDefinitionError, ServiceError, type CompiledFlow } from './types.js';

export interface LiveFlow {
  record: FlowRecord;
  compiled: CompiledFlow;
}

export function flowNotExists(name: string): ServiceError {
  return new ServiceError('FlowNotExists', `Flow "${name}" does not exist.`, 404);
}

/** "Definition is invalid at States[2].Next (line 7): ..." — the API names the place, not a file. */
export function definitionProblem(err: FlowDefinitionError): string {
  return `Definition is invalid${err.place ? ` at ${err.place}` : ''}: ${err.message}`;
}

function invalidDefinition(err: FlowDefinitionError): ServiceError {
  return new ServiceError('InvalidArgument', definitionProblem(err));
}

function checkAttributes(p: Params): { executionMode?: 'Standard' | 'Express' } {
  const type = optional(p, 'Type');
  if (type !== undefined && type !== 'FDL') throw new ServiceError('InvalidArgument', `Type "${type}" is invalid: only FDL is supported.`);
  const mode = optional(p, 'ExecutionMode');
  if (mode !== undefined && mode !== 'Standard' && mode !== 'Express') {
    throw new ServiceError('InvalidArgument', `ExecutionMode "${mode}" is invalid: use Standard or Express.`);
  }
  optionalLength(p, 'Description', 0, 256);
  return { executionMode: mode };
}

export class FlowCatalog {
  private readonly flows = new Map<string, LiveFlow>();

  constructor(
    private readonly store: Store,
    private readonly compile: (definition: string) => CompiledFlow,
    private readonly now: () => number,
  ) {
    for (const flow of store.loadFlows()) {
      try {
        this.flows.set(flow.name, { record: flow, compiled: compile(flow.definition) });
      } catch (err) {
        if (!(err instanceof FlowDefinitionError)) throw err;
        // Stored by an older engine that accepted it; its executions still resume from their own copy.
      }
    }
  }

  names(): string[] {
    return [...this.flows.keys()].sort();
  }

  has(name: string): boolean {
    return this.flows.has(name);
  }

  get(name: string): LiveFlow {
    const flow = this.flows.get(name);
    if (!flow) throw flowNotExists(name);
    return flow;
  }

  putFileFlow(name: string, definition: string, compiled: CompiledFlow, mtimeMs: number): void {
    const previous = this.flows.get(name)?.record;
    const record: FlowRecord = {
      name,
      id: previous?.id ?? randomUUID(),
      description: previous?.description ?? '',
      definition,
      type: 'FDL',
      executionMode: 'Standard',
      createdTime: previous?.createdTime ?? mtimeMs,
      lastModifiedTime: mtimeMs,
    };
    this.flows.set(name, { record, compiled });
  }

  private compileForApi(definition: string): CompiledFlow {
    try {
      return this.compile(definition);
    } catch (err) {
      if (err instanceof FlowDefinitionError) throw invalidDefinition(err);
      throw err;
    }
  }

  private save(record: FlowRecord, compiled: CompiledFlow): object {
    this.store.saveFlow(record);
    this.flows.set(record.name, { record, compiled });
    return toFlow(record);
  }

  // ---- actions -------------------------------------------------------------

  list(p: Params): object {
    const limit = optionalInt(p, 'Limit', 1, 1000) ?? 60;
    // The token is the name to continue from: stable while flows come and go.
    const from = optional(p, 'NextToken');
    const names = this.names().filter((n) => from === undefined || n >= from);
    const page = names.slice(0, limit).map((n) => toFlow(this.flows.get(n)!.record));
    return { Flows: page, ...(names.length > limit ? { NextToken: names[limit] } : {}) };
  }

  describe(p: Params): object {
    return toFlow(this.get(requiredName(p, 'Name')).record);
  }

  create(p: Params): object {
    const name = requiredName(p, 'Name');
    const definition = required(p, 'Definition');
    const { executionMode } = checkAttributes(p);
    if (this.flows.has(name)) throw new ServiceError('FlowAlreadyExists', `Flow "${name}" already exists.`, 409);
    const compiled = this.compileForApi(definition);
    const now = this.now();
    return this.save({
      name,
      id: randomUUID(),
      description: optional(p, 'Description') ?? '',
      definition,
      type: 'FDL',
      roleArn: optional(p, 'RoleArn'),
      executionMode: executionMode ?? 'Standard',
      createdTime: now,
      lastModifiedTime: now,
    }, compiled);
  }

  update(p: Params): object {
    const name = requiredName(p, 'Name');
    const { executionMode } = checkAttributes(p);
    const current = this.get(name);
    const definition = optional(p, 'Definition');
    const compiled = definition === undefined ? current.compiled : this.compileForApi(definition);
    return this.save({
      ...current.record,
      definition: definition ?? current.record.definition,
      description: optional(p, 'Description') ?? current.record.description,
      roleArn: optional(p, 'RoleArn') ?? current.record.roleArn,
      executionMode: executionMode ?? current.record.executionMode,
      lastModifiedTime: this.now(),
    }, compiled);
  }

  delete(p: Params): object {
    const name = requiredName(p, 'Name');
    this.get(name);
    this.store.deleteFlow(name);
    this.flows.delete(name);
    return {};
  }
}
