// The answers of `fnf local serve --mocks FILE`: Task results given in a YAML
// or JSON file instead of a handler, keyed by a state's name or by an Action
// (the state's name wins), so a flow that calls DashScope, MNS or OSS runs
// locally unchanged:
//
//   Summarise:                     # the state named Summarise
//     output: {text: a short summary}
//   MNS:SendMessage:               # every task with this Action
//     error: {Code: MNS.QueueNotExist, Detail: no such queue}
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import { parseYaml } from '../../yaml.js';
import type { TaskRequest } from '../flow/program.js';
import type { TaskCall } from './hooks.js';

export type TaskMock = { output: unknown } | { error: { Code: string; Detail: string } };
export type TaskMocks = ReadonlyMap<string, TaskMock>;

export function mockFor(mocks: TaskMocks, req: TaskRequest, call: TaskCall | undefined): TaskMock | undefined {
  return (call && mocks.get(call.step)) ?? mocks.get(req.action);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mockOf(key: string, value: unknown, where: string): TaskMock {
  const bad = (problem: string) => new UsageError(`${where}: "${key}" ${problem}`);
  if (!isMapping(value)) throw bad('must be a mapping with output or error');
  const keys = Object.keys(value);
  if (keys.length !== 1 || !['output', 'error'].includes(keys[0]!)) throw bad(`must have exactly one of output, error (has ${keys.join(', ') || 'neither'})`);
  if ('output' in value) return { output: value.output };
  const error = value.error;
  if (!isMapping(error) || typeof error.Code !== 'string' || error.Code === '') throw bad('error needs a Code (a non-empty string)');
  if (error.Detail !== undefined && typeof error.Detail !== 'string') throw bad('error.Detail must be a string');
  return { error: { Code: error.Code, Detail: error.Detail ?? '' } };
}

/** Reads and checks a mocks file; any problem is one UsageError naming the file and the key. */
export async function loadMocks(file: string): Promise<TaskMocks> {
  let table: unknown;
  try {
    table = await parseYaml(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--mocks ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (table === null || table === undefined) return new Map();
  if (!isMapping(table)) throw new UsageError(`--mocks ${file}: expected a mapping of state names or Actions to {output} or {error}`);
  return new Map(Object.entries(table).map(([key, value]) => [key, mockOf(key, value, `--mocks ${file}`)]));
}
