import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { FnfClient } from '../../src/api/types.js';
import { UsageError } from '../../src/errors.js';
import {
  followUpCommand, outputMode, parseDuration, parsePositiveInt, shellQuote, timeoutMs,
} from '../../src/commands/options.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m5s', 125_000],
    ['2.5s', 2_500],
    ['1d', 86_400_000],
    ['250ms', 250],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '90', '5x', 'm', '0s', '-5s', '1y', '5m1h', '2 h'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidArgumentError);
  });
});

describe('parsePositiveInt', () => {
  const limit = parsePositiveInt(1000);
  it('accepts 1..max', () => {
    expect(limit('1')).toBe(1);
    expect(limit('1000')).toBe(1000);
  });
  it.each(['0', '1001', '2.5', 'ten', '-1', ''])('refuses %j', (text) => {
    expect(() => limit(text)).toThrow('expected a whole number from 1 to 1000.');
  });
});

describe('followUpCommand', () => {
  it('repeats profile, region and endpoint, never credentials', () => {
    const command = followUpCommand('wait', 'f', 'e-1', {
      profile: 'dev', region: 'cn-shanghai', endpoint: 'http://127.0.0.1:8787',
      accessKeyId: 'LTAIxxxxxxxx', accessKeySecret: 'sekrit-value', securityToken: 'tok-value', verbose: true,
    });
    expect(command).toBe('fnf wait f e-1 --profile dev --region cn-shanghai --endpoint http://127.0.0.1:8787');
  });

  it('is just the command without flags', () => {
    expect(followUpCommand('describe', 'f', 'e', {})).toBe('fnf describe f e');
  });

  it('quotes what the shell would split', () => {
    expect(shellQuote("my profile's")).toBe(`'my profile'\\''s'`);
    expect(shellQuote('plain-word_1')).toBe('plain-word_1');
  });
});

describe('profile defaults for untyped flags', () => {
  const withDefaults = (defaults: FnfClient['defaults']) => ({ defaults }) as FnfClient;

  it('takes --output as typed over the profile', () => {
    expect(outputMode('text', withDefaults({ output: 'json' }), ['text', 'json'])).toBe('text');
  });

  it("falls back to the profile's output when this command offers it, else text", () => {
    expect(outputMode(undefined, withDefaults({ output: 'json' }), ['text', 'json'])).toBe('json');
    expect(outputMode(undefined, withDefaults({ output: 'ndjson' }), ['text', 'json'])).toBe('text');
    expect(outputMode(undefined, withDefaults(undefined), ['text', 'json', 'ndjson'])).toBe('text');
  });

  it("parses the profile's timeout, and names it when it is not a duration", () => {
    expect(timeoutMs(undefined, withDefaults({ timeout: '10m' }))).toBe(600_000);
    expect(timeoutMs(5_000, withDefaults({ timeout: '10m' }))).toBe(5_000);
    expect(timeoutMs(undefined, withDefaults({}))).toBeUndefined();
    expect(() => timeoutMs(undefined, withDefaults({ timeout: 'soon' }))).toThrow(UsageError);
  });
});
