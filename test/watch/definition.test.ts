import { describe, expect, it } from 'vitest';
import { stateTypesOf } from '../../src/watch/definition.js';

describe('stateTypesOf', () => {
  it('reads state types from a CloudFlow definition in YAML, nested scopes included', async () => {
    const yaml = 'Type: StateMachine\nStates:\n  - Name: fan\n    Type: Parallel\n    Branches:\n      - States:\n          - Name: nap\n            Type: Wait\n';
    expect(Object.fromEntries(await stateTypesOf(yaml))).toEqual({ fan: 'Parallel', nap: 'Wait' });
  });

  it('gives up quietly on a definition nested too deeply for the parser', async () => {
    // 30,000 levels overflow yaml's recursion; V8 may then abort the process outright.
    expect((await stateTypesOf(`a: ${'['.repeat(30_000)}`)).size).toBe(0);
  });
});
