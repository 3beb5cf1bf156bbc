// Every usage example of the CloudFlow built-in functions page, run through the
// real engine (a Pass state's OutputConstructor `result.$: <example>`), giving
// the page's output. Then the functions the page lists without an example in
// the parts stored for search, and how bad calls fail.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { cloudFlow, evaluate, failure, refusal, runFlow } from './evaluate.js';

// https://help.aliyun.com/document_detail/2579872.html (zh),
// https://alibabacloud.com/help/en/serverless-workflow/latest/built-in-functions (en),
// https://alibabacloud.com/help/tc/serverless-workflow/latest/built-in-functions (zh-TW)
const PAGE_EXAMPLES: Array<[string, unknown]> = [
  ['arrayContains(["Tom",10],10)', true],
  ['arrayContains(["Tom",10],"Jack")', false],
  ['arrayUnique([1, 2, 3, 1])', [1, 2, 3]],
  ['format("hello {}","world")', 'hello world'],
  ['fromBase64("Rm5G")', 'FnF'],
  [`stringToJson('{"name": "Tom", "age": 10}')`, { name: 'Tom', age: 10 }],
  ['hash("abc","MD5")', '900150983cd24fb0d6963f7d28e17f72'],
  ['jsonMerge({"name": "Tom", "age": 10},{"name": "Tom", "address": "beijing"})', { name: 'Tom', age: 10, address: 'beijing' }],
  ['length([1, 2, 3])', 3],
  ['length({"name": "Tom", "age": 10})', 2],
  ['length("name")', 4],
];

describe('built-in functions page, usage examples', () => {
  test.each(PAGE_EXAMPLES)('%s', async (expr, output) => {
    expect(await evaluate(expr)).toEqual(output);
  });

  // https://www.alibabacloud.com/help/ja/serverless-workflow/latest/built-in-functions: "fromJSON is an alias of stringToJson".
  test(`fromJSON('{"name": "Tom", "age": 10}')`, async () => {
    expect(await evaluate(`fromJSON('{"name": "Tom", "age": 10}')`)).toEqual({ name: 'Tom', age: 10 });
  });

  // https://help.aliyun.com/en/document_detail/2579872.html: `greeting.$: format('Hello, {}', $input.username)` (an FDL
  // mapping); the same call over CloudFlow's $Input.
  test("format('Hello, {}', $Input.username)", async () => {
    expect(await evaluate("format('Hello, {}', $Input.username)", { username: 'Tom' })).toBe('Hello, Tom');
  });
});

// Alibaba's best-practice video flows put `returnID.$: uuid()` in an OutputConstructor (found with find_string ".$: uuid()"
// in a public copy of the help page on CloudFlow video editing).
test('uuid() gives a new RFC 4122 UUID on every call', async () => {
  const { output } = await runFlow(cloudFlow('video_edit', 'Understand',
    '- Type: Pass',
    '  Name: Understand',
    '  OutputConstructor:',
    '    returnID.$: uuid()',
    '    again.$: uuid()',
    '    videoContent.$: $Input.content',
    '  End: true'), { content: 'a cat' });
  const { returnID, again, videoContent } = output as Record<string, string>;
  expect(returnID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(again).not.toBe(returnID);
  expect(videoContent).toBe('a cat');
});

// The page's tables (https://help.aliyun.com/en/document_detail/2579872.html and
// https://www.alibabacloud.com/help/pt-br/serverless-workflow/latest/built-in-functions) list these; their examples
// are past what the search corpus stores of the page, so the outputs below are what the descriptions say.
describe('listed functions', () => {
  const input = { user: { name: 'Tom', age: 10 }, tags: ['a', 'b'], csv: 'x,y,z' };
  test.each([
    ['get($Input.tags, 1)', 'b'],
    ['get($Input.user, "name")', 'Tom'],
    ['get($Input.user, "missing")', null],
    ['intAdd(2, 40)', 42],
    ['regexMatchString("^T[a-z]+$", $Input.user.name)', true],
    ['regexMatchString("^[0-9]+$", $Input.user.name)', false],
    ['split($Input.csv, ",")', ['x', 'y', 'z']],
    ['toArray(1, "two", $Input.tags)', [1, 'two', ['a', 'b']]],
    ['toArray()', []],
    ['mapKeys($Input.user)', ['name', 'age']],
    ['mapValues($Input.user)', ['Tom', 10]],
    ['toBase64("FnF")', 'Rm5G'],
    ['hash("abc", "SHA-1")', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['hash("abc", "SHA-256")', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['jsonToString($Input.user)', '{"name":"Tom","age":10}'],
    ['stringToJson(jsonToString($Input.user))', { name: 'Tom', age: 10 }],
    // Where the page is silent: a placeholder without an argument stays, extra arguments are ignored,
    // non-strings are written as JSON, and length counts characters, not UTF-8 bytes.
    ['format("{} and {}", "a")', 'a and {}'],
    ['format("{}", "a", "b")', 'a'],
    ['format("{} {} {}", 1, $Input.tags, null)', '1 ["a","b"] null'],
    ['length("héllo")', 5],
  ])('%s', async (expr, output) => {
    expect(await evaluate(expr, input)).toEqual(output);
  });

  test('randomInt(1, 3) stays in [1, 3)', async () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 20; i++) seen.add(await evaluate('randomInt(1, 3)'));
    expect([...seen].every((n) => n === 1 || n === 2)).toBe(true);
  });

  test('a regular expression that backtracks exponentially elsewhere runs in linear time (RE2)', async () => {
    const started = Date.now();
    expect(await evaluate('regexMatchString("^(a+)+$", $Input.s)', { s: `${'a'.repeat(5000)}b` })).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('nesting', () => {
  // "A maximum of 10 layers of nested built-in functions are supported" (built-in functions page).
  const nest = (depth: number) => `${'toArray('.repeat(depth - 1)}length("abc")${')'.repeat(depth - 1)}`;

  test('10 layers of nested calls, with array and object literals as arguments', async () => {
    expect(await evaluate(nest(10))).toEqual([[[[[[[[[3]]]]]]]]]);
    expect(await evaluate('jsonMerge({"a": [1, toArray(2)]}, {"b": {"c": arrayUnique([3, 3])}})')).toEqual({ a: [1, [2]], b: { c: [3] } });
    expect(await evaluate('format("{} and {}", length(split($Input.s, "-")), hash(fromBase64(toBase64($Input.s)), "MD5"))', { s: 'a-b' }))
      .toBe(`2 and ${createHash('md5').update('a-b').digest('hex')}`);
  });

  test('11 layers are refused when the flow is checked, naming the place and line', () => {
    const err = refusal(nest(11));
    expect(err.message).toMatch(/built-in functions nest at most 10 deep/);
    expect(err.where).toBe('States[0].OutputConstructor.result.$');
    expect(err.line).toBe(9);
  });
});

describe('bad calls', () => {
  test.each([
    ['uuid(1)', /uuid\(\) takes 0 arguments, not 1/],
    ['hash("abc")', /hash\(\) takes 2 arguments, not 1/],
    ['format()', /format\(\) takes at least 1 argument, not 0/],
    ['length([1], [2])', /length\(\) takes 1 argument, not 2/],
    ['lengthOf("x")', /unknown function lengthOf\(\)/],
    ['length "x"', /unexpected "length" \(strings need quotes; functions need parentheses\) at column 1/],
  ])('%s is refused by the checker', (expr, message) => {
    const err = refusal(expr);
    expect(err.message).toMatch(message);
    expect(err.where).toBe('States[0].OutputConstructor.result.$');
  });

  test.each([
    ['length(12)', { n: 1 }, /^length: the argument must be a string, an array or an object, not a number \(12\)$/],
    ['arrayUnique($Input.n)', { n: 1 }, /^arrayUnique: the first argument must be an array, not a number/],
    ['jsonMerge($Input.n, {})', { n: 1 }, /^jsonMerge: the first argument must be an object \(a map\), not a number/],
    ['hash($Input.missing, "MD5")', {}, /^hash: the first argument must be a string, not null$/],
    ['hash("abc", "CRC32")', {}, /^hash: unknown algorithm "CRC32"/],
    ['intAdd(1.5, 1)', {}, /^intAdd: the first argument must be an integer/],
    ['fromBase64("not base64!")', {}, /^fromBase64: "not base64!" is not Base64 text$/],
    ['stringToJson("{oops")', {}, /^stringToJson: not JSON text/],
    ['regexMatchString("(", "x")', {}, /^regexMatchString: bad regular expression "\("/],
    ['randomInt(3, 3)', {}, /^randomInt: the range \[3, 3\) is empty/],
  ])('%s fails the step with FnF.InvalidArgument', async (expr, input, cause) => {
    const { error, cause: actual } = await failure(expr, input);
    expect(error).toBe('FnF.InvalidArgument');
    expect(actual).toMatch(cause);
  });

  test('a failed call is an error the state can catch', async () => {
    const { output } = await runFlow(cloudFlow('catching', 'Measure',
      '- Type: Pass',
      '  Name: Measure',
      '  OutputConstructor:',
      '    size.$: length($Input.n)',
      '  Catch:',
      '    - Errors: [FnF.ALL]',
      '      Next: Caught',
      '  End: true',
      '- Type: Pass',
      '  Name: Caught',
      '  End: true'), { n: 5 });
    expect(JSON.stringify(output)).toMatch(/length: the argument must be/);
  });
});

describe('huge results are refused, never built', () => {
  const limit = /the result would exceed 64 KiB, the most a state's input or output may hold/;
  const big = 'x'.repeat(40_000);

  test('format that would pass 64 KiB', async () => {
    expect((await failure('format("{}{}", $Input.s, $Input.s)', { s: big })).cause).toMatch(limit);
  });

  test('format over a template of a thousand placeholders and a large argument stops at the limit', async () => {
    const { cause } = await failure('format($Input.t, $Input.s, $Input.s, $Input.s, $Input.s)', { t: '{}'.repeat(1000), s: big });
    expect(cause).toMatch(/^format: /);
    expect(cause).toMatch(limit);
  });

  test('doubling through nested calls stops at the first call past the limit', async () => {
    const doubled = 'toArray($Input.s, $Input.s)';
    const { cause } = await failure(`jsonToString(toArray(${doubled}, ${doubled}))`, { s: big });
    expect(cause).toMatch(/^toArray: /);
  });

  test('jsonToString of literals that share one large value many times', async () => {
    const refs = Array(40).fill('$Input.s').join(', ');
    const { cause } = await failure(`jsonToString([[${refs}], [${refs}]])`, { s: 'y'.repeat(2000) });
    expect(cause).toMatch(/^jsonToString: /);
  });

  test('a result just under the limit is fine', async () => {
    expect(await evaluate('length(format("{}{}", $Input.s, $Input.s))', { s: 'z'.repeat(30_000) })).toBe(60_000);
  });
});
