// The built-in functions of CloudFlow expressions (`format(...)`, `uuid()`,
// `jsonMerge(...)`…), as the built-in functions page lists them:
// https://help.aliyun.com/document_detail/2579872.html and its newer English
// table https://help.aliyun.com/en/document_detail/2579872.html. Arity is
// checked when the expression compiles; argument types when it runs, where a
// wrong type fails the step with one clear error. No result may exceed the
// 64 KiB the service allows a state's input or output, so nothing here can
// build megabytes (a format over a huge template and huge arguments stops at
// the limit instead of running out of memory).
import { createHash, randomInt as cryptoRandomInt, randomUUID } from 'node:crypto';
import { RE2JS } from 're2js';
import { MAX_STATE_DATA, StepError } from './program.js';

/** The error code of a failed built-in function or expression; the docs name none, so it is the one the engine uses for bad data. */
export const EXPRESSION_ERROR = 'FnF.InvalidArgument';

interface BuiltIn {
  min: number;
  max: number;
  call(args: unknown[]): unknown;
}

type Json = Record<string, unknown>;

function fail(name: string, problem: string): never {
  throw new StepError(EXPRESSION_ERROR, `${name}: ${problem}`);
}

export function typeName(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

function ordinal(i: number): string {
  return ['first', 'second', 'third'][i] ?? `#${i + 1}`;
}

function string(name: string, args: unknown[], i: number): string {
  const v = args[i];
  return typeof v === 'string' ? v : fail(name, `the ${ordinal(i)} argument must be a string, not ${typeName(v)}`);
}

function array(name: string, args: unknown[], i: number): unknown[] {
  const v = args[i];
  return Array.isArray(v) ? v : fail(name, `the ${ordinal(i)} argument must be an array, not ${typeName(v)}`);
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function object(name: string, args: unknown[], i: number): Json {
  const v = args[i];
  return isObject(v) ? v : fail(name, `the ${ordinal(i)} argument must be an object (a map), not ${typeName(v)}`);
}

function integer(name: string, args: unknown[], i: number): number {
  const v = args[i];
  return Number.isSafeInteger(v) ? (v as number) : fail(name, `the ${ordinal(i)} argument must be an integer, not ${typeName(v)}`);
}

/** True once `value`, written as JSON, would pass MAX_STATE_DATA characters; stops counting there, so it costs at most that many steps. */
function exceeds(value: unknown): boolean {
  let left = MAX_STATE_DATA;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') left -= v.length + 2;
    else if (Array.isArray(v) || isObject(v)) {
      left -= 2;
      for (const [k, e] of Object.entries(v)) {
        left -= Array.isArray(v) ? 1 : k.length + 4;
        if (left < 0) return true;
        stack.push(e);
      }
    } else left -= 5;
    if (left < 0) return true;
  }
  return false;
}

function tooLarge(name: string): never {
  return fail(name, `the result would exceed ${MAX_STATE_DATA / 1024} KiB, the most a state's input or output may hold`);
}

/** JSON text of `value`, refused before it is built when it would pass the limit. */
function serialize(name: string, value: unknown): string {
  if (exceeds(value)) tooLarge(name);
  return JSON.stringify(value ?? null);
}

/** Result sizes checked after every call; format checks as it builds. */
export function checkedResult(name: string, value: unknown): unknown {
  if (exceeds(value)) tooLarge(name);
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
}

function format(args: unknown[]): string {
  const template = string('format', args, 0);
  const parts = template.split('{}');
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    // A placeholder without an argument stays as written; the docs do not say what the service does.
    const arg = args[i];
    const text = i < args.length ? (typeof arg === 'string' ? arg : serialize('format', arg)) : '{}';
    if (out.length + text.length + parts[i]!.length > MAX_STATE_DATA) tooLarge('format');
    out += text + parts[i];
  }
  return out;
}

function length(args: unknown[]): number {
  const v = args[0];
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return fail('length', `the argument must be a string, an array or an object, not ${typeName(v)}`);
}

function get(args: unknown[]): unknown {
  const [from, at] = args;
  if (Array.isArray(from)) return from[integer('get', args, 1)];
  if (isObject(from)) return Object.hasOwn(from, string('get', args, 1)) ? from[at as string] : undefined;
  return fail('get', `the first argument must be an array or an object, not ${typeName(from)}`);
}

function randomInt(args: unknown[]): number {
  const [min, max] = [integer('randomInt', args, 0), integer('randomInt', args, 1)];
  if (min >= max) fail('randomInt', `the range [${min}, ${max}) is empty: the first argument must be less than the second`);
  return cryptoRandomInt(min, max);
}

function regexMatchString(args: unknown[]): boolean {
  const pattern = string('regexMatchString', args, 0);
  const text = string('regexMatchString', args, 1);
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (err) {
    return fail('regexMatchString', `bad regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
  return regex.matcher(text).find();
}

function split(args: unknown[]): string[] {
  const text = string('split', args, 0);
  const separator = string('split', args, 1);
  return separator === '' ? [...text] : text.split(separator);
}

function arrayUnique(args: unknown[]): unknown[] {
  const unique: unknown[] = [];
  for (const item of array('arrayUnique', args, 0)) if (!unique.some((u) => deepEqual(u, item))) unique.push(item);
  return unique;
}

const HASHES: Readonly<Record<string, string>> = { 'MD5': 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

function hash(args: unknown[]): string {
  const input = string('hash', args, 0);
  const algorithm = string('hash', args, 1);
  const node = HASHES[algorithm.toUpperCase()];
  if (!node) fail('hash', `unknown algorithm ${JSON.stringify(algorithm)} (expected one of ${Object.keys(HASHES).join(', ')})`);
  return createHash(node).update(input, 'utf8').digest('hex');
}

function fromBase64(args: unknown[]): string {
  const text = string('fromBase64', args, 0);
  // Buffer.from skips characters that are not Base64; the service's decoder refuses them, so check first.
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail('fromBase64', `${JSON.stringify(text.slice(0, 40))} is not Base64 text`);
  return Buffer.from(text, 'base64').toString('utf8');
}

function stringToJson(args: unknown[]): unknown {
  const text = string('stringToJson', args, 0);
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail('stringToJson', `not JSON text: ${(err as Error).message}`);
  }
}

const many = Number.POSITIVE_INFINITY;

const TABLE: Record<string, BuiltIn> = {
  // Common operations
  format: { min: 1, max: many, call: format },
  get: { min: 2, max: 2, call: get },
  intAdd: { min: 2, max: 2, call: (a) => integer('intAdd', a, 0) + integer('intAdd', a, 1) },
  length: { min: 1, max: 1, call: length },
  randomInt: { min: 2, max: 2, call: randomInt },
  regexMatchString: { min: 2, max: 2, call: regexMatchString },
  split: { min: 2, max: 2, call: split },
  // Array operations
  arrayContains: { min: 2, max: 2, call: (a) => array('arrayContains', a, 0).some((item) => deepEqual(item, a[1] ?? null)) },
  arrayUnique: { min: 1, max: 1, call: arrayUnique },
  toArray: { min: 0, max: many, call: (a) => a.map((v) => v ?? null) },
  // Map operations
  mapKeys: { min: 1, max: 1, call: (a) => Object.keys(object('mapKeys', a, 0)) },
  mapValues: { min: 1, max: 1, call: (a) => Object.values(object('mapValues', a, 0)) },
  // Encoding and decoding
  toBase64: { min: 1, max: 1, call: (a) => Buffer.from(string('toBase64', a, 0), 'utf8').toString('base64') },
  fromBase64: { min: 1, max: 1, call: fromBase64 },
  // Hash and UUID
  hash: { min: 2, max: 2, call: hash },
  uuid: { min: 0, max: 0, call: () => randomUUID() },
  // JSON operations
  stringToJson: { min: 1, max: 1, call: stringToJson },
  jsonToString: { min: 1, max: 1, call: (a) => serialize('jsonToString', a[0]) },
  jsonMerge: { min: 2, max: 2, call: (a) => ({ ...object('jsonMerge', a, 0), ...object('jsonMerge', a, 1) }) },
};
// The Japanese page names fromJSON as an alias of stringToJson.
TABLE.fromJSON = TABLE.stringToJson!;

export const BUILT_INS: ReadonlyMap<string, BuiltIn> = new Map(Object.entries(TABLE));
