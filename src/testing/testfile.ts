// Reads a `*.fnf-test.yaml|yml|json` file into cases, refusing unknown keys and
// wrong types with the file and line of the problem. The text goes through the
// flow library's Source (the yaml package with a line counter), so a test file
// and a flow definition report places the same way.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { whyUnreadable } from '../errors.js';
import { readDuration, readMocks, type Mocks } from '../local/engine/mocks.js';
import { Checker } from '../local/flow/check.js';
import { Source, type Path } from '../local/flow/source.js';
import { FlowDefinitionError } from '../local/types.js';

export const END_STATUSES = ['Succeeded', 'Failed', 'TimedOut'] as const;
export type EndStatus = (typeof END_STATUSES)[number];

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
  mocks: Mocks;
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

/** The flow library's typed reads, failing with the test file's name and line. */
class Reader extends Checker {
  constructor(src: Source, private readonly file: string) {
    super(src);
  }

  override fail(path: Path, problem: string): never {
    const err = this.src.error(path, problem);
    throw new TestFileError(this.file, err.line, err.where ? `${err.where}: ${problem}` : problem);
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
    throw new TestFileError(displayName, undefined, `cannot read: ${whyUnreadable(err)}`);
  }
  return parseTestFile(text, file, displayName, taskNamesOf);
}

function parseTestFile(text: string, file: string, displayName: string, taskNamesOf: TaskNamesOf): TestFile {
  let src: Source;
  try {
    src = Source.parse(text);
  } catch (err) {
    if (err instanceof FlowDefinitionError) throw new TestFileError(displayName, err.line, err.message);
    throw err;
  }
  const r = new Reader(src, displayName);
  const doc = r.closedObject(src.value, [], ['flow', 'cases']);
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
  const obj = r.closedObject(value, path, ['name', 'input', 'mocks', 'expect', 'timeout']);
  const name = r.string(obj, 'name', path, true);
  const input = obj.input ?? {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) r.fail([...path, 'input'], 'must be a mapping (the execution input is a JSON object)');
  const mocks = readMocks(r, obj.mocks, [...path, 'mocks'], { base, taskNames: tasks });
  const timeoutMs = readDuration(r, obj, 'timeout', path) ?? DEFAULT_TIMEOUT_MS;
  return { name, input, mocks, expect: readExpect(r, obj.expect, [...path, 'expect']), timeoutMs };
}

function readExpect(r: Reader, value: unknown, path: Path): Expectation {
  if (value === undefined || value === null) return { status: 'Succeeded' };
  const obj = r.closedObject(value, path, ['status', 'output', 'path', 'error']);
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
    const error = r.closedObject(obj.error, [...path, 'error'], ['code', 'cause']);
    expectation.error = { code: r.string(error, 'code', [...path, 'error']), cause: r.string(error, 'cause', [...path, 'error']) };
  }
  return expectation;
}
