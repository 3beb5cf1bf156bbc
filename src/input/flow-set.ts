// The rules a set of flow files obeys wherever it is read (`fnf local serve
// --flows`, `fnf flows validate|deploy|diff`): which files are flows, and that
// each flow has a valid name that no other file claims.
import { NAME_RULE } from './names.js';

export const FLOW_FILE = /\.(ya?ml|json)$/i;

/** Why `file` may not define flow `name`, given the names earlier files claimed (name → file); claims it when it may. */
export function claimFlowName(name: string, file: string, owners: Map<string, string>): string | undefined {
  if (!NAME_RULE.test(name)) return `flow name "${name}" is invalid: it must match ${NAME_RULE.source}`;
  const other = owners.get(name);
  if (other) return `flow "${name}" is already defined by ${other}`;
  owners.set(name, file);
  return undefined;
}
