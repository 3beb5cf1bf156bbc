// CloudFlow (`Type: StateMachine`, `SpecVersion: v1`) → Program. Data flows
// from state to state as one value; InputConstructor / OutputConstructor
// reshape it with `.$` expressions over $Input, $Output and $Context.
import type { Checker, Fields } from './check.js';
import type { Expression, Vars } from './expression.js';
import {
  StepError,
  type CatchRule, type ContextView, type DataModel, type RetryRule, type Scope, type StateNode, type StepIo,
} from './program.js';
import type { Path } from './source.js';

const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Succeed', 'Fail'];
const TASK_MODES = ['RequestComplete', 'WaitForCustomCallback', 'WaitForSystemCallback'];
const INPUT_ROOTS = ['$Input', '$Context'];
const OUTPUT_ROOTS = ['$Input', '$Output', '$Context'];

const passThrough: DataModel = { open: (input) => input, close: (frame) => frame };

export function compileCloudFlow(c: Checker, doc: Fields): Scope {
  if (doc.SpecVersion !== undefined && doc.SpecVersion !== 'v1') c.fail(['SpecVersion'], 'must be v1');
  return scope(c, doc, []);
}

type Template = (vars: Vars) => unknown;

/** A constructor: keys ending in `.$` hold expressions, everything else is literal. */
function template(c: Checker, value: unknown, path: Path, roots: readonly string[]): Template {
  if (Array.isArray(value)) {
    const items = value.map((v, i) => template(c, v, [...path, i], roots));
    return (vars) => items.map((t) => t(vars));
  }
  if (value !== null && typeof value === 'object') {
    const entries: Array<[string, Template]> = Object.entries(value).map(([key, v]) => {
      if (key.endsWith('.$')) {
        const expr: Expression = c.expression(v, [...path, key], roots);
        return [key.slice(0, -2), (vars) => expr(vars) ?? null];
      }
      return [key, template(c, v, [...path, key], roots)];
    });
    return (vars) => Object.fromEntries(entries.map(([k, t]) => [k, t(vars)]));
  }
  return () => value;
}

function constructor(c: Checker, obj: Fields, key: string, path: Path, roots: readonly string[]): Template | undefined {
  if (obj[key] === undefined) return undefined;
  c.object(obj[key], [...path, key]);
  return template(c, obj[key], [...path, key], roots);
}

function scope(c: Checker, obj: Fields, path: Path): Scope {
  const list = c.list(obj, 'States', path, { required: true, nonEmpty: true })!;
  const names = c.names(list, [...path, 'States'], 'Name');
  const startAt = c.each(() => c.target(c.string(obj, 'StartAt', path, true), names, [...path, 'StartAt'], 'state'))!;
  const states = new Map<string, StateNode>();
  list.forEach((entry, i) => c.each(() => states.set(names[i]!, state(c, c.object(entry, [...path, 'States', i]), [...path, 'States', i], names))));
  return { startAt, states, data: passThrough };
}

function io(c: Checker, obj: Fields, path: Path): StepIo {
  const input = constructor(c, obj, 'InputConstructor', path, INPUT_ROOTS);
  const output = constructor(c, obj, 'OutputConstructor', path, OUTPUT_ROOTS);
  return {
    input: (frame, context) => (input ? input({ $Input: frame, $Context: context }) : frame),
    output: (_frame, stepInput, result, context) => {
      const out = output ? output({ $Input: stepInput, $Output: result, $Context: context }) : result;
      return { frame: out, output: out };
    },
  };
}

function state(c: Checker, obj: Fields, path: Path, names: readonly string[]): StateNode {
  const type = c.string(obj, 'Type', path, true);
  if (!STATE_TYPES.includes(type)) c.fail([...path, 'Type'], `unknown state type "${type}" (expected one of ${STATE_TYPES.join(', ')})`);
  const name = obj.Name as string;
  const base = { name, type, io: io(c, obj, path), retry: retries(c, obj, path), catch: catches(c, obj, path, names) };
  const terminal = type === 'Succeed' || type === 'Fail';
  const branching = type === 'Choice';
  let next: string | undefined;
  if (terminal || branching) {
    if (obj.Next !== undefined) c.fail([...path, 'Next'], `a ${type} state has no Next`);
  } else {
    const end = obj.End === true;
    const target = c.string(obj, 'Next', path);
    if (end && target) c.fail([...path, 'Next'], 'has both Next and End');
    if (!end && !target) c.fail(path, `state "${name}" needs Next or End: true`);
    next = target && c.target(target, names, [...path, 'Next'], 'state');
  }
  switch (type) {
    case 'Pass':
      return { ...base, kind: 'pass', next };
    case 'Succeed':
      return { ...base, kind: 'succeed' };
    case 'Fail': {
      const code = c.string(obj, 'Code', path) ?? 'FnF.Failed';
      const detail = c.string(obj, 'Detail', path) ?? '';
      return { ...base, kind: 'fail', error: () => code, cause: () => detail };
    }
    case 'Wait':
      return { ...base, kind: 'wait', next, duration: waitDuration(c, obj, path) };
    case 'Choice':
      return choice(c, obj, path, names, base);
    case 'Task':
      return task(c, obj, path, base, next);
    case 'Parallel': {
      const branches = c.list(obj, 'Branches', path, { required: true, nonEmpty: true })!;
      const scopes = branches.map((b, i) => scope(c, c.object(b, [...path, 'Branches', i]), [...path, 'Branches', i]));
      return {
        ...base, kind: 'parallel', next, branches: scopes,
        combine: (outputs) => Object.fromEntries(outputs.map((o, i) => [`Branch${i}`, o])),
      };
    }
    default:
      return map(c, obj, path, base, next);
  }
}

type Base = Pick<StateNode, 'name' | 'type' | 'io' | 'retry' | 'catch'>;

function waitDuration(c: Checker, obj: Fields, path: Path) {
  const given = ['Seconds', 'Seconds.$', 'Timestamp', 'Timestamp.$'].filter((k) => obj[k] !== undefined);
  if (given.length !== 1) c.fail(path, 'a Wait state needs exactly one of Seconds, Seconds.$, Timestamp, Timestamp.$');
  const key = given[0]!;
  if (key === 'Seconds') {
    const seconds = c.number(obj, 'Seconds', path)!;
    return () => ({ seconds });
  }
  if (key === 'Timestamp') {
    const text = c.string(obj, 'Timestamp', path, true);
    const until = Date.parse(text);
    if (Number.isNaN(until)) c.fail([...path, 'Timestamp'], `"${text}" is not an RFC 3339 time`);
    return () => ({ until });
  }
  const expr = c.expression(obj[key], [...path, key], INPUT_ROOTS);
  return (input: unknown, context: ContextView) => {
    const value = expr({ $Input: input, $Context: context });
    if (key === 'Seconds.$') {
      if (typeof value !== 'number' || value < 0) throw new StepError('FnF.InvalidArgument', `Seconds.$ gave ${JSON.stringify(value)}, not a number of seconds`);
      return { seconds: value };
    }
    const until = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(until)) throw new StepError('FnF.InvalidArgument', `Timestamp.$ gave ${JSON.stringify(value)}, not an RFC 3339 time`);
    return { until };
  };
}

function choice(c: Checker, obj: Fields, path: Path, names: readonly string[], base: Base): StateNode {
  const branches = c.list(obj, 'Branches', path, { required: true, nonEmpty: true })!.map((b, i) => {
    const at = [...path, 'Branches', i];
    const branch = c.object(b, at);
    if (branch.Condition === undefined) c.fail(at, 'missing Condition');
    const test = c.expression(branch.Condition, [...at, 'Condition'], INPUT_ROOTS);
    const next = c.target(c.string(branch, 'Next', at, true), names, [...at, 'Next'], 'state');
    return { next, test: (input: unknown, context: ContextView) => Boolean(test({ $Input: input, $Context: context })) };
  });
  const fallback = c.string(obj, 'Default', path);
  if (!fallback) c.fail(path, 'a Choice state needs a Default');
  return { ...base, kind: 'choice', branches, otherwise: { next: c.target(fallback, names, [...path, 'Default'], 'state') } };
}

function task(c: Checker, obj: Fields, path: Path, base: Base, next: string | undefined): StateNode {
  const action = c.string(obj, 'Action', path, true);
  const mode = c.string(obj, 'TaskMode', path) ?? 'RequestComplete';
  if (!TASK_MODES.includes(mode)) c.fail([...path, 'TaskMode'], `unknown TaskMode "${mode}" (expected one of ${TASK_MODES.join(', ')})`);
  const timeoutSeconds = c.number(obj, 'Timeout', path);
  const parameters = constructor(c, obj, 'Parameters', path, INPUT_ROOTS);
  return {
    ...base, kind: 'task', next, callback: mode === 'WaitForCustomCallback', timeoutSeconds,
    request: (input, context) => {
      const params = (parameters ? parameters({ $Input: input, $Context: context }) : {}) as Record<string, unknown>;
      return {
        action,
        resourceArn: typeof params.resourceArn === 'string' ? params.resourceArn : undefined,
        parameters: params,
        body: 'body' in params ? params.body : input,
        invocationType: params.invocationType === 'Async' ? 'Async' : 'Sync',
      };
    },
  };
}

function map(c: Checker, obj: Fields, path: Path, base: Base, next: string | undefined): StateNode {
  if (obj.ItemsPath === undefined) c.fail(path, 'a Map state needs ItemsPath');
  const items = c.expression(obj.ItemsPath, [...path, 'ItemsPath'], INPUT_ROOTS);
  const processor = scope(c, c.object(obj.Processor, [...path, 'Processor']), [...path, 'Processor']);
  const limitKey = obj.MaxConcurrency !== undefined ? 'MaxConcurrency' : 'MaxConcuccency';
  const maxConcurrency = c.number(obj, limitKey, path, { integer: true }) ?? 0;
  return {
    ...base, kind: 'map', next, processor, maxConcurrency,
    items: (input, context) => {
      const value = items({ $Input: input, $Context: context });
      if (!Array.isArray(value)) throw new StepError('FnF.InvalidArgument', `ItemsPath ${String(obj.ItemsPath)} is not a list`);
      return value;
    },
    iterationInput: (_input, item) => item,
    combine: (outputs) => ({ Items: outputs }),
  };
}

function retries(c: Checker, obj: Fields, path: Path): RetryRule[] {
  return (c.list(obj, 'Retry', path) ?? []).map((r, i) => {
    const at = [...path, 'Retry', i];
    const rule = c.object(r, at);
    return {
      errors: c.stringList(rule, 'Errors', at),
      maxAttempts: c.number(rule, 'MaxAttempts', at, { integer: true }) ?? 3,
      intervalSeconds: c.number(rule, 'IntervalSeconds', at) ?? 1,
      backoffRate: c.number(rule, 'BackoffRate', at, { min: 1 }) ?? 1,
      maxBackoffSeconds: c.number(rule, 'MaxBackoffSeconds', at),
    };
  });
}

function catches(c: Checker, obj: Fields, path: Path, names: readonly string[]): CatchRule[] {
  return (c.list(obj, 'Catch', path) ?? []).map((r, i) => {
    const at = [...path, 'Catch', i];
    const rule = c.object(r, at);
    const output = constructor(c, rule, 'OutputConstructor', at, OUTPUT_ROOTS);
    return {
      errors: c.stringList(rule, 'Errors', at),
      next: c.target(c.string(rule, 'Next', at, true), names, [...at, 'Next'], 'state'),
      caught: (_frame, input, error, context) => {
        const out = output ? output({ $Input: input, $Output: error, $Context: context }) : error;
        return { frame: out, output: out };
      },
    };
  });
}
