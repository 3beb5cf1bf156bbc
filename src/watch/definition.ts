// State types by step name, read from the execution's FlowDefinition, for
// history events that don't carry a stateType. Both languages: CloudFlow
// (`States: [{Name, Type, Branches, Processor}]`) and the older FDL
// (`steps: [{name, type, branches, steps}]`).
import type { HistoryEvent } from '../api/types.js';
import { parseYaml } from '../yaml.js';
import { parseDetail } from './tree.js';
import { isRecord } from '../is-record.js';

type StateTypes = Map<string, string>;

/** Step name → state type ("Wait", "Map", "foreach"…); empty when the definition is missing or unreadable. */
export async function stateTypesOf(definition: string | undefined): Promise<StateTypes> {
  const types: StateTypes = new Map();
  if (!definition?.trim()) return types;
  let doc: unknown;
  try {
    doc = JSON.parse(definition);
  } catch {
    try {
      // YAML only when needed: most definitions the service returns are YAML, but JSON costs nothing.
      doc = await parseYaml(definition);
    } catch {
      return types;
    }
  }
  collect(doc, types);
  return types;
}

/**
 * Whether a history's step events carry their state type (the local endpoint's do), judged from its
 * first StepEntered; undefined while no step has been entered. When they do, the definition need not
 * be parsed: YAML costs the live view's first frame a few ms.
 */
export function historyCarriesStateTypes(events: readonly HistoryEvent[]): boolean | undefined {
  const entered = events.find((ev) => ev.Type === 'StepEntered');
  return entered && parseDetail(entered.EventDetail).stateType !== undefined;
}

function collect(scope: unknown, types: StateTypes): void {
  if (!isRecord(scope)) return;
  const states = scope.States ?? scope.steps;
  if (!Array.isArray(states)) return;
  for (const state of states) {
    if (!isRecord(state)) continue;
    const name = state.Name ?? state.name;
    const type = state.Type ?? state.type;
    if (typeof name === 'string' && typeof type === 'string' && !types.has(name)) types.set(name, type);
    for (const branch of asArray(state.Branches ?? state.branches)) collect(branch, types);
    collect(state.Processor, types);
    // FDL foreach nests its steps directly; choice keeps steps inside each choice.
    if (Array.isArray(state.steps)) collect(state, types);
    for (const choice of asArray(state.choices)) collect(choice, types);
    collect(state.default, types);
  }
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
