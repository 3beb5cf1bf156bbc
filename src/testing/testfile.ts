// Reads a `*.fnf-test.yaml|yml|json` file into cases, refusing unknown keys and
// wrong types with the file and line of the problem. The text goes through the
// flow library's Source (the yaml package with a line counter), so a test file
// and a flow definition report places the same way.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Checker, type Fields } from '../local/flow/check.js';
import { Source, type Path } from '../local/flow/source.js';
import { FlowDefinitionError } from '../local/types.js';

export const END_STATUSES = ['Succeeded', 'Failed', 'TimedOut'] as const;
export type EndStatus = (typeof END_STATUSES)[number];

/** One answer to one call of a mocked task. */
export type MockAnswer = { afterMs: number } & (
  | { kind: 'output'; output: unknown }
  | { kind: 'error'; code: string; cause: string }
  | { kind: 'handler'; file: string }
);

export interface Expectation {
  status: EndStatus;
  output?: unknown;
  path?: string[];
  error?: { code?: string; cause?: string };
}

export interface TestCase {
  name: string;
  line: number;
  input: unknown;
  /** By key (state name, fn:<function>, action:<Action>): answers call by call; the last one answers any further calls. */
  mocks: Map<string, MockAnswer[]>;
  expect: Expectation;
  /** The execution's time limit in virtual ms. */
  timeoutMs: number;
}

export interface TestFile {
  file: string;
  flowFile: string;
  cases: TestCase[];
}

/** A test file (or the flow it names) that cannot be used: `file:line: problem`. Exit 2. */
export class TestFileError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, problem: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
  }
}

/** A standard-mode execution runs at most a year (alibabacloud.com/help/en/serverless-workflow/latest/standard-workflow-and-express-workflow). */
export const DEFAULT_TIMEOUT_MS = 365 * 86_400_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** `90s`, `2h`, `1d`, `1h30m`, `250ms`, or a number of seconds → ms; undefined when it is none of those. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || !DURATION.test(value)) return undefined;
  let ms = 0;
  for (const [, n, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) ms += Number(n) * UNITS[unit!]!;
  return ms;
}

/** The flow library's typed reads, failing with the test file's name and line. */
class Reader extends Checker {
  constructor(src: Source, private readonly file: string) {
    super(src);
  }

  override fail(path: Path, problem: string): never {
    const err = this.src.error(path, problem);
    throw new TestFileError(this.file, err.line, err.where ? `${err.where}: ${problem}` : problem);
  }

  /** A mapping that has no keys but `keys`. */
  mapping(value: unknown, path: Path, keys: readonly string[]): Fields {
    const obj = this.object(value, path);
    const unknown = Object.keys(obj).find((k) => !keys.includes(k));
    if (unknown !== undefined) this.fail([...path, unknown], `unknown key "${unknown}" (expected ${keys.join(', ')})`);
    return obj;
  }

  duration(obj: Fields, key: string, path: Path): number | undefined {
    if (obj[key] === undefined) return undefined;
    const ms = parseDuration(obj[key]);
    if (ms === undefined) this.fail([...path, key], 'must be a duration such as 90s, 2h, 1d or 1h30m (a number is seconds)');
    return ms;
  }
}

/** The Task state names of the flow a test file names (throws TestFileError when it cannot be used), to check mock keys against. */
export type TaskNamesOf = (flowFile: string) => ReadonlySet<string>;

/** Reads and checks a test file; throws TestFileError. */
export function loadTestFile(file: string, displayName: string, taskNamesOf: TaskNamesOf): TestFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TestFileError(displayName, undefined, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseTestFile(text, file, displayName, taskNamesOf);
}

export function parseTestFile(text: string, file: string, displayName: string, taskNamesOf: TaskNamesOf): TestFile {
  let src: Source;
  try {
    src = Source.parse(text);
  } catch (err) {
    if (err instanceof FlowDefinitionError) throw new TestFileError(displayName, err.line, err.message);
    throw err;
  }
  const r = new Reader(src, displayName);
  const doc = r.mapping(src.value, [], ['flow', 'cases']);
  const flow = r.string(doc, 'flow', [], true);
  const base = dirname(file);
  const flowFile = resolve(base, flow);
  const tasks = taskNamesOf(flowFile);
  const list = r.list(doc, 'cases', [], { required: true, nonEmpty: true })!;
  const names = new Set<string>();
  const cases = list.map((entry, i) => {
    const c = readCase(r, entry, ['cases', i], base, tasks);
    if (names.has(c.name)) r.fail(['cases', i, 'name'], `duplicate case name "${c.name}"`);
    names.add(c.name);
    return { ...c, line: src.error(['cases', i], '').line ?? 0 };
  });
  return { file, flowFile, cases };
}

function readCase(r: Reader, value: unknown, path: Path, base: string, tasks: ReadonlySet<string>): Omit<TestCase, 'line'> {
  const obj = r.mapping(value, path, ['name', 'input', 'mocks', 'expect', 'timeout']);
  const name = r.string(obj, 'name', path, true);
  const input = obj.input ?? {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) r.fail([...path, 'input'], 'must be a mapping (the execution input is a JSON object)');
  const mocks = new Map<string, MockAnswer[]>();
  if (obj.mocks !== undefined && obj.mocks !== null) {
    const fields = r.object(obj.mocks, [...path, 'mocks']);
    for (const [key, spec] of Object.entries(fields)) {
      const at = [...path, 'mocks', key];
      if (!/^(?:fn|action):./.test(key) && !tasks.has(key)) {
        r.fail(at, `the flow has no Task state named "${key}" (a key is a Task state's name, fn:<function name> or action:<Action>)`);
      }
      const entries = Array.isArray(spec) ? spec : [spec];
      if (entries.length === 0) r.fail(at, 'must give at least one answer');
      mocks.set(key, entries.map((e, i) => readAnswer(r, e, Array.isArray(spec) ? [...at, i] : at, base)));
    }
  }
  const timeoutMs = r.duration(obj, 'timeout', path) ?? DEFAULT_TIMEOUT_MS;
  return { name, input, mocks, expect: readExpect(r, obj.expect, [...path, 'expect']), timeoutMs };
}

function readAnswer(r: Reader, value: unknown, path: Path, base: string): MockAnswer {
  const obj = r.mapping(value, path, ['output', 'error', 'handler', 'after']);
  const afterMs = r.duration(obj, 'after', path) ?? 0;
  const given = (['output', 'error', 'handler'] as const).filter((k) => obj[k] !== undefined);
  if (given.length !== 1) r.fail(path, `must have exactly one of output, error or handler${given.length ? ` (has ${given.join(' and ')})` : ''}`);
  if (given[0] === 'output') return { kind: 'output', output: obj.output, afterMs };
  if (given[0] === 'handler') {
    const file = resolve(base, r.string(obj, 'handler', path, true));
    if (!existsSync(file)) r.fail([...path, 'handler'], `no such file: ${file}`);
    return { kind: 'handler', file, afterMs };
  }
  const error = r.mapping(obj.error, [...path, 'error'], ['code', 'cause']);
  return { kind: 'error', code: r.string(error, 'code', [...path, 'error'], true), cause: r.string(error, 'cause', [...path, 'error']) ?? '', afterMs };
}

function readExpect(r: Reader, value: unknown, path: Path): Expectation {
  if (value === undefined || value === null) return { status: 'Succeeded' };
  const obj = r.mapping(value, path, ['status', 'output', 'path', 'error']);
  const status = r.string(obj, 'status', path);
  if (status !== undefined && !(END_STATUSES as readonly string[]).includes(status)) {
    r.fail([...path, 'status'], `must be one of ${END_STATUSES.join(', ')}`);
  }
  const expectation: Expectation = { status: (status as EndStatus | undefined) ?? (obj.error !== undefined ? 'Failed' : 'Succeeded') };
  if (obj.output !== undefined) expectation.output = obj.output;
  if (obj.path !== undefined) {
    expectation.path = r.list(obj, 'path', path)!.map((s, i) => {
      if (typeof s !== 'string' || s === '') r.fail([...path, 'path', i], 'must be a state name');
      return s;
    });
  }
  if (obj.error !== undefined) {
    const error = r.mapping(obj.error, [...path, 'error'], ['code', 'cause']);
    expectation.error = { code: r.string(error, 'code', [...path, 'error']), cause: r.string(error, 'cause', [...path, 'error']) };
  }
  return expectation;
}
