// Random and hostile input (huge, deeply nested, invalid UTF-8, prototype
// keys) for every parser that reads what a user or a client sends: --input,
// fnf config files, the aliyun config, the credentials INI, flow definitions
// and the endpoint's request parameters. Each answers with its clean error
// class or a value, never a RangeError/TypeError, and never touches
// Object.prototype.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkJsonObject, inputSourceOf } from '../../src/input/source.js';
import { validateName } from '../../src/input/names.js';
import { MAX_NESTING, nestingDepth } from '../../src/nesting.js';
import { toSource } from '../../src/config/fnf-files.js';
import { parseJsonFile, parseYamlFile } from '../../src/config/parse.js';
import { readAliyunConfig } from '../../src/config/aliyun.js';
import { readCredentialsFile } from '../../src/config/credentials-file.js';
import { compileDefinition } from '../../src/local/flow/index.js';
import { parseForm } from '../../src/local/protocol.js';
import { jsonObject, optionalBool, optionalInt, optionalLength, optionalTime, requiredName } from '../../src/local/params.js';
import { FlowDefinitionError, ServiceError } from '../../src/local/types.js';

const RUNS = Number(process.env.FNF_FUZZ_RUNS ?? 300);
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** Runs `parse`; anything thrown must be one of `clean`. Returns what was thrown, for tallies. */
async function cleanly(parse: () => unknown, clean: Array<new (...args: never[]) => Error>): Promise<Error | undefined> {
  try {
    await parse();
    return undefined;
  } catch (err) {
    if (!clean.some((cls) => err instanceof cls)) {
      throw new Error(`unclean ${(err as Error)?.constructor?.name}: ${(err as Error)?.message?.slice(0, 200)}`);
    }
    return err as Error;
  }
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const hostileKey = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 }));

/** JSON values built to hurt: prototype keys everywhere, some deep. */
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** `{"__proto__": …}` as text: JSON.parse makes it an own property, which naive merging turns into pollution. */
const pollutingText = fc.constantFrom(
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"profiles": {"__proto__": {"polluted": "yes"}}}',
  '{"profiles": {"dev": {"__proto__": {"polluted": "yes"}}}}',
  '{"current": "__proto__", "profiles": [{"name": "__proto__", "access_key_id": {"polluted": 1}}]}',
  '__proto__:\n  polluted: yes\n',
  'profiles:\n  __proto__:\n    polluted: yes\n',
  'profiles:\n  constructor:\n    prototype:\n      polluted: yes\n',
);

/** The billion laughs, YAML style: aliases that expand without end. */
const ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
  + 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n';

function deep(open: string, close: string, depth: number, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** Text that is huge, deeply nested, or not UTF-8 at all. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  fc.constantFrom(0xc3, 0xff, 0xfe, 0xed).map((b) => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, b, 0x22, 0x7d]).toString('utf8')),
  fc.integer({ min: 1_000, max: 60_000 }).map((d) => '['.repeat(d)),
  fc.integer({ min: 1_000, max: 30_000 }).map((d) => deep('[', ']', d)),
  fc.integer({ min: 1_000, max: 20_000 }).map((d) => deep('{"a":', '}', d)),
  fc.integer({ min: 1_000, max: 20_000 }).map((d) => '{"a":'.repeat(d)),
  fc.integer({ min: 100, max: 5_000 }).map((d) => deep('- ', '', d).replace(/- /g, (_, i: number) => `\n${' '.repeat(Math.min(i, 200))}- `)),
  fc.integer({ min: 1_000, max: 20_000 }).map((d) => deep('a: ', '', 1) + '{'.repeat(d)),
  fc.constant(`x: ${'a'.repeat(2_000_000)}`),
  fc.constant(ALIAS_BOMB),
  fc.constant('a: &a [*a]\n'),
  pollutingText,
  hostileJson.map((v) => JSON.stringify(v)),
);

describe('--input (src/input)', () => {
  it('checkJsonObject answers a JSON object text or a UsageError', async () => {
    await fc.assert(fc.asyncProperty(hostileText, async (text) => {
      await cleanly(() => checkJsonObject(text, 'stdin'), [UsageError]);
    }), { numRuns: RUNS });
  });

  it('a 60,000-deep unclosed array (under the 64 KiB limit) is a UsageError, not a stack overflow', async () => {
    for (const text of ['['.repeat(60_000), '{"a":'.repeat(12_000), `${'['.repeat(30_000)}1${']'.repeat(29_999)}`]) {
      const err = await cleanly(() => checkJsonObject(text, 'stdin'), [UsageError]);
      expect(err?.message).toMatch(/^stdin: (invalid JSON|input is)/);
    }
  });

  it('inputSourceOf and validateName take any string', async () => {
    await fc.assert(fc.asyncProperty(fc.option(fc.string()), fc.option(fc.string()), fc.string({ unit: 'binary' }), async (value, file, name) => {
      await cleanly(() => inputSourceOf(value ?? undefined, file ?? undefined), [UsageError]);
      await cleanly(() => validateName('execution', name), [UsageError]);
    }), { numRuns: RUNS });
  });
});

describe('config files (src/config)', () => {
  const nested = fc.tuple(fc.constantFrom('flow', 'map', 'seq', 'block', 'json'), fc.integer({ min: 1, max: 3_000 })).map(([shape, d]) => {
    const text = shape === 'flow' ? deep('[', ']', d)
      : shape === 'map' ? deep('{a: ', '}', d)
      : shape === 'seq' ? `${'- '.repeat(d)}1`
      : shape === 'block' ? `${Array.from({ length: d }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1`
      : JSON.stringify(JSON.parse(deep('{"a":', '}', d)), null, 1);
    return { text, d };
  });

  it('nestingDepth never under-counts, so the yaml parser never sees a stack-overflowing document', async () => {
    await fc.assert(fc.asyncProperty(nested, async ({ text, d }) => {
      expect(nestingDepth(text)).toBeGreaterThanOrEqual(d - 1); // a top-level mapping opens no bracket and no indent
      const err = await cleanly(async () => parseYamlFile('/p/.fnfrc.yaml', text), [UsageError]);
      if (d > MAX_NESTING) expect(err?.message).toMatch(/nested too deeply/);
    }), { numRuns: Math.round(RUNS / 3) });
    // Quotes and apostrophes do not hide brackets.
    expect(nestingDepth(`a: it's ${'['.repeat(5_000)}`)).toBeGreaterThan(MAX_NESTING);
    expect(nestingDepth('a: "[[[[[[" \nb: [1, [2]]')).toBeLessThan(10);
  });

  it('toSource takes any parsed value, prototype keys included', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(hostileJson, fc.record({ profiles: fc.dictionary(hostileKey, hostileJson) }), pollutingText.map((t) => JSON.parse(t.startsWith('{') ? t : '{}'))), async (raw) => {
      await cleanly(() => toSource('project', '/p/.fnfrc.json', raw), [UsageError]);
    }), { numRuns: RUNS });
  });

  it('a profile named __proto__ or constructor stays a profile', () => {
    const source = toSource('project', '/p/.fnfrc.json', JSON.parse('{"profiles": {"__proto__": {"region": "cn-hangzhou"}, "constructor": {"region": "cn-beijing"}}}'));
    expect(source.profiles.map((p) => p.name).sort()).toEqual(['__proto__', 'constructor']);
  });

  it('the YAML and JSON readers of fnf files answer a value or a UsageError', async () => {
    await fc.assert(fc.asyncProperty(hostileText, async (text) => {
      await cleanly(async () => toSource('project', '/p/.fnfrc.yaml', await parseYamlFile('/p/.fnfrc.yaml', text)), [UsageError]);
      await cleanly(() => toSource('project', '/p/.fnfrc.json', parseJsonFile('/p/.fnfrc.json', text)), [UsageError]);
    }), { numRuns: RUNS });
  });

  it('~/.aliyun/config.json and the credentials INI answer sources or a UsageError', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fnf-fuzz-home-'));
    const ini = join(home, 'credentials');
    mkdirSync(join(home, '.aliyun'));
    const aliyunJson = fc.oneof(
      hostileText,
      fc.record({ current: hostileJson, profiles: fc.array(fc.dictionary(fc.oneof(fc.constantFrom('name', 'mode', 'access_key_id', 'access_key_secret', 'sts_token', 'region_id'), hostileKey), hostileJson), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
    );
    const iniText = fc.oneof(
      hostileText,
      fc.array(fc.oneof(
        hostileKey.map((k) => `[${k}]`),
        fc.tuple(fc.oneof(fc.constantFrom('type', 'access_key_id', 'access_key_secret', 'security_token', 'region_id'), hostileKey), fc.string()).map(([k, v]) => `${k} = ${v}`),
        fc.string({ maxLength: 20 }),
      ), { maxLength: 8 }).map((lines) => lines.join('\n')),
    );
    await fc.assert(fc.asyncProperty(aliyunJson, iniText, async (json, text) => {
      writeFileSync(join(home, '.aliyun', 'config.json'), json);
      writeFileSync(ini, text);
      await cleanly(() => readAliyunConfig(home), [UsageError]);
      await cleanly(() => readCredentialsFile({ ALIBABA_CLOUD_CREDENTIALS_FILE: ini }, home), [UsageError]);
    }), { numRuns: Math.round(RUNS / 2) });
  });
});

describe('flow definitions (src/local/flow)', () => {
  const stateLike = fc.record({
    Type: fc.constantFrom('StateMachine', 'flow', 'Pass', '__proto__', 'constructor'),
    Name: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTO_KEYS)),
    StartAt: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTO_KEYS)),
    States: fc.array(fc.record({
      Type: fc.constantFrom('Pass', 'Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Succeed', 'Fail', '__proto__', 'toString'),
      Name: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTO_KEYS)),
      Next: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTO_KEYS)),
      End: fc.boolean(),
      Seconds: hostileJson,
      Branches: hostileJson,
      InputConstructor: fc.dictionary(hostileKey, hostileJson),
    }, { requiredKeys: ['Type', 'Name'] }), { maxLength: 4 }),
  }, { requiredKeys: ['Type'] });
  const steps = fc.record({
    version: fc.constant('v1'),
    type: fc.constant('flow'),
    steps: fc.array(fc.dictionary(fc.oneof(fc.constantFrom('type', 'name', 'goto', 'steps', 'inputMappings', 'choices'), hostileKey), hostileJson), { maxLength: 4 }),
  });

  it('compileDefinition answers a flow or a FlowDefinitionError', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(hostileText.filter((t) => t !== ALIAS_BOMB), stateLike.map((v) => JSON.stringify(v)), steps.map((v) => JSON.stringify(v))), async (text) => {
      await cleanly(() => compileDefinition(text, 'fuzz.yaml'), [FlowDefinitionError]);
    }), { numRuns: Math.round(RUNS / 3) }); // yaml is slow on the huge cases
  });

  // yaml throws a plain ReferenceError when it expands an alias bomb; CreateFlow must answer InvalidArgument.
  it('an alias bomb is a FlowDefinitionError', async () => {
    await cleanly(() => compileDefinition(ALIAS_BOMB, 'bomb.yaml'), [FlowDefinitionError]);
  });
});

describe("the endpoint's request parsing (src/local/protocol.ts, params.ts)", () => {
  const formText = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.tuple(fc.oneof(hostileKey, fc.constantFrom('Action', 'Input', 'Limit')), fc.string({ unit: 'binary', maxLength: 30 })), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
    fc.constantFrom('%', 'a=%E0%A4%A', '%ZZ=1', '__proto__=x&constructor=y', '__proto__[polluted]=1', 'a=%ED%A0%80', '=&&=&a'),
    fc.integer({ min: 1_000, max: 50_000 }).map((n) => 'a=1&'.repeat(n)),
  );

  it('parseForm answers parameters or a ServiceError, and never gives them a prototype', async () => {
    await fc.assert(fc.asyncProperty(formText, async (text) => {
      await cleanly(() => {
        const params = parseForm(text);
        expect(typeof params).toBe('object');
      }, [ServiceError]);
    }), { numRuns: RUNS });
  });

  it('the parameter readers answer values or ServiceErrors', async () => {
    const params = fc.dictionary(fc.oneof(hostileKey, fc.constantFrom('Input', 'Limit', 'FlowName', 'MetadataOnly', 'StartedTimeBegin', 'Cause')), fc.oneof(hostileText, fc.string()), { maxKeys: 6 });
    await fc.assert(fc.asyncProperty(params, async (p) => {
      const clean = [ServiceError];
      await cleanly(() => jsonObject(p, 'Input', { optional: true }), clean);
      await cleanly(() => optionalInt(p, 'Limit', 1, 100), clean);
      await cleanly(() => requiredName(p, 'FlowName'), clean);
      await cleanly(() => optionalBool(p, 'MetadataOnly'), clean);
      await cleanly(() => optionalTime(p, 'StartedTimeBegin'), clean);
      await cleanly(() => optionalLength(p, 'Cause', 1, 4096), clean);
      for (const key of PROTO_KEYS) await cleanly(() => requiredName(p, key), clean);
    }), { numRuns: RUNS });
  });

  it('a prototype key as a parameter name reads as absent, not as an inherited function', () => {
    const params = parseForm('FlowName=ok');
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const err = (() => {
        try {
          requiredName(params, key);
        } catch (e) {
          return e;
        }
      })();
      expect(err, key).toBeInstanceOf(ServiceError);
    }
  });
});
