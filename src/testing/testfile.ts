// Reads a `*.fnf-test.yaml|yml|json` file into cases, refusing unknown keys and
// wrong types with the file, line and column of every problem, not only the
// first. The text goes through the flow library's collecting Checker, so a
// test file and a flow definition report their problems the same way.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { problemsOf, type FileProblem } from '../commands/flow-files.js';
import { whyUnreadable } from '../errors.js';
import { readDuration, readMocks, type Mocks } from '../local/engine/mocks.js';
import type { Checker, Fields } from '../local/flow/check.js';
import { collectProblems } from '../local/flow/index.js';
import type { Path } from '../local/flow/source.js';

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

/** A standard-mode execution runs at most a year (alibabacloud.com/help/en/serverless-workflow/latest/standard-workflow-and-express-workflow). */
export const DEFAULT_TIMEOUT_MS = 365 * 86_400_000;

/**
 * The Task state names of the flow a test file names, to check mock keys against; undefined when the flow cannot be
 * used (its own problems are told with its own file).
 */
export type TaskNamesOf = (flowFile: string) => ReadonlySet<string> | undefined;

/** A test file read: its cases when it has no problem, else every problem it has. */
export interface TestFileCheck {
  test?: TestFile;
  problems: FileProblem[];
}

export function loadTestFile(file: string, displayName: string, taskNamesOf: TaskNamesOf): TestFileCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problems: [{ file: displayName, path: '', message: `cannot read: ${whyUnreadable(err)}` }] };
  }
  const { value, problems } = collectProblems(text, (c) => readTestFile(c, file, taskNamesOf));
  return value && problems.length === 0 ? { test: value, problems: [] } : { problems: problemsOf(displayName, problems) };
}

function readTestFile(c: Checker, file: string, taskNamesOf: TaskNamesOf): TestFile {
  const doc = c.closedObject(c.src.value, [], ['flow', 'cases']);
  const base = dirname(file);
  // The flow first: mock keys name its Task states (with no flow, or one in fault, keys are checked for their form only).
  let tasks: ReadonlySet<string> | undefined;
  const [flowFile, cases] = c.every(
    () => {
      const flowFile = resolve(base, c.string(doc, 'flow', [], true));
      tasks = taskNamesOf(flowFile);
      return flowFile;
    },
    () => readCases(c, doc, base, tasks),
  );
  return { file, flowFile, cases };
}

function readCases(c: Checker, doc: Fields, base: string, tasks: ReadonlySet<string> | undefined): TestCase[] {
  const list = c.list(doc, 'cases', [], { required: true, nonEmpty: true })!;
  const names = new Set<string>();
  return c.every(...list.map((entry, i) => () => ({
    ...readCase(c, entry, ['cases', i], { base, tasks, names }),
    line: c.src.positionOf(['cases', i])?.line ?? 0,
  })));
}

/** One case; `names` holds the names of the cases before it. */
function readCase(c: Checker, value: unknown, path: Path, of: { base: string; tasks?: ReadonlySet<string>; names: Set<string> }): Omit<TestCase, 'line'> {
  const obj = c.closedObject(value, path, ['name', 'input', 'mocks', 'expect', 'timeout']);
  const input = obj.input ?? {};
  const [name, , mocks, timeoutMs, expectation] = c.every(
    () => {
      const name = c.string(obj, 'name', path, true);
      if (of.names.has(name)) c.fail([...path, 'name'], `duplicate case name "${name}"`);
      of.names.add(name);
      return name;
    },
    () => {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) c.fail([...path, 'input'], 'must be a mapping (the execution input is a JSON object)');
    },
    () => readMocks(c, obj.mocks, [...path, 'mocks'], { base: of.base, taskNames: of.tasks }),
    () => readDuration(c, obj, 'timeout', path) ?? DEFAULT_TIMEOUT_MS,
    () => readExpect(c, obj.expect, [...path, 'expect']),
  );
  return { name, input, mocks, expect: expectation, timeoutMs };
}

function readExpect(c: Checker, value: unknown, path: Path): Expectation {
  if (value === undefined || value === null) return { status: 'Succeeded' };
  const obj = c.closedObject(value, path, ['status', 'output', 'path', 'error']);
  const [status, states, error] = c.every(
    () => {
      const status = c.string(obj, 'status', path);
      if (status !== undefined && !(END_STATUSES as readonly string[]).includes(status)) {
        c.fail([...path, 'status'], `must be one of ${END_STATUSES.join(', ')}`);
      }
      return status as EndStatus | undefined;
    },
    () => {
      const list = c.list(obj, 'path', path);
      return list && c.every(...list.map((s, i) => () => {
        if (typeof s !== 'string' || s === '') c.fail([...path, 'path', i], 'must be a state name');
        return s;
      }));
    },
    () => {
      if (obj.error === undefined) return undefined;
      const at = [...path, 'error'];
      const error = c.closedObject(obj.error, at, ['code', 'cause']);
      const [code, cause] = c.every(() => c.string(error, 'code', at), () => c.string(error, 'cause', at));
      return { code, cause };
    },
  );
  const expectation: Expectation = { status: status ?? (error ? 'Failed' : 'Succeeded') };
  if (obj.output !== undefined) expectation.output = obj.output;
  if (states) expectation.path = states;
  if (error) expectation.error = error;
  return expectation;
}
