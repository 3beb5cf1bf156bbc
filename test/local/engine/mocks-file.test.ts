// `fnf local serve --mocks FILE`: a mocks file that does not parse is named once, with its line.
import { describe, expect, it } from 'vitest';
import { parseMocks } from '../../../src/local/engine/mocks.js';

describe('parseMocks', () => {
  it('names the file and line of YAML that does not parse, without saying the line twice', () => {
    expect(() => parseMocks('x: [\n', '/m/mocks.yaml')).toThrow(/^\/m\/mocks\.yaml:2: Flow sequence/);
  });

  it('names the path of a key it does not know', () => {
    expect(() => parseMocks('price: {outptu: 1}\n', 'mocks.yaml')).toThrow('mocks.yaml:1: price.outptu: unknown key "outptu" (expected output, error, handler, after)');
  });
});
