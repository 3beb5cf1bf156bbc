import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/input/json-error.js';

describe('locateJsonError', () => {
  it.each([
    ['{"a":}', 1, 6, "unexpected '}', expected a value"],
    ['{"a":1', 1, 7, "unexpected end of input, expected ',' or '}'"],
    ['{\n  "a": 1,\n  "b": x\n}', 3, 8, "unexpected 'x', expected a value"],
    ['{\n  "a": 1,\n}', 3, 1, "unexpected '}', expected a property name in double quotes"],
    ['[1,]', 1, 4, "unexpected ']', expected a value"],
    ['{"a":1}}', 1, 8, 'unexpected text after the JSON value'],
    ['{"a" 1}', 1, 6, "unexpected '1', expected ':' after the property name"],
    ['{"a":"abc', 1, 6, 'unterminated string'],
    ['{"a":"x\ty"}', 1, 8, 'control character in string (escape it, e.g. \\n)'],
    ['{"a":"\\q"}', 1, 7, 'invalid escape in string'],
    ["{'a': 1}", 1, 2, "unexpected ''', expected a property name in double quotes"],
    ['{"a":tru}', 1, 6, "unexpected 't', expected a value"],
    ['{"a":01}', 1, 7, "unexpected '1', expected ',' or '}'"],
    ['', 1, 1, 'unexpected end of input, expected a value'],
  ])('%j → line %i, column %i', (text, line, column, reason) => {
    expect(locateJsonError(text)).toEqual({ line, column, reason });
  });

  it('agrees with JSON.parse on what is valid', () => {
    const valid = fc.json();
    const mangled = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', '"', ':', 'x', '\n', '[', ']'))
      .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(fc.oneof(valid, mangled, fc.string()), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(locateJsonError(text) === undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });
});
