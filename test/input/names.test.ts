import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_RULE, generateExecutionName, validateName } from '../../src/input/names.js';
import { usageError } from '../commands/fake-client.js';

const T = Date.parse('2026-01-02T03:04:05.678Z');

describe('validateName', () => {
  it.each(['a', '_x', 'my_flow-2', 'A'.repeat(128)])('accepts %s', (name) => {
    expect(validateName('flow', name)).toBe(name);
  });

  it.each([
    ['', 'invalid flow name "": it is empty'],
    ['1abc', 'invalid flow name "1abc": it must start with a letter or _'],
    ['-abc', 'invalid flow name "-abc": it must start with a letter or _'],
    ['my flow', `invalid flow name "my flow": ' ' is not allowed`],
    ['a.b', `invalid flow name "a.b": '.' is not allowed`],
    ['a'.repeat(129), `invalid flow name "${'a'.repeat(40)}…": it is 129 characters long (at most 128)`],
  ])('rejects %j', (name, message) => {
    expect(() => validateName('flow', name)).toThrow(usageError(message));
  });

  it('names the kind', () => {
    expect(() => validateName('execution', 'x y')).toThrow(/^invalid execution name/);
  });
});

describe('generateExecutionName', () => {
  it('is <flow>-<yyyyMMdd-HHmmss>-<random> in UTC', () => {
    let i = 0;
    const random = () => [0, 0.5, 0.99, 0.1, 0.3, 0.7][i++ % 6]!;
    expect(generateExecutionName('orders', T, random)).toBe('orders-20260102-030405-0iz3ap');
  });

  it('differs between two calls in the same second', () => {
    expect(generateExecutionName('f', T)).not.toBe(generateExecutionName('f', T));
  });

  it('shortens a long flow name and keeps the time and random parts whole', () => {
    const name = generateExecutionName('f'.repeat(128), T, () => 0.5);
    expect(name).toHaveLength(128);
    expect(name.endsWith('-20260102-030405-iiiiii')).toBe(true);
    expect(name).toMatch(NAME_RULE);
  });

  it('always follows the naming rule for any valid flow name', () => {
    const flowName = fc.stringMatching(NAME_RULE);
    fc.assert(
      fc.property(flowName, fc.integer({ min: 0, max: 4102444800000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (flow, t, r) => {
        const name = generateExecutionName(flow, t, () => r);
        expect(name).toMatch(NAME_RULE);
        expect(name.startsWith(flow.slice(0, 100))).toBe(true);
      }),
    );
  });
});
