// CloudFlow (`Type: StateMachine`, `SpecVersion: v1`) → Program. Data flows
// from state to state as one value; InputConstructor / OutputConstructor
// reshape it with `.$` expressions over $Input, $Output and $Context, and
// GlobalConstructor keeps execution-wide values in $Global. The checker takes
// the fields the state pages (help/en/serverless-workflow/latest/…) list and
// refuses what they rule out.
import type { Checker, Fields } from './check.js';
import type { Expression, Vars } from './expression.js';
import {
  ACTION_NAME, MAX_STATE_DATA, StepError,
  type CatchRule, type ContextView, type DataModel, type Program, type RetryRule, type Scope, type StateNode, type StepIo, type TaskRequest,
  type WaitNode,
} from './program.js';
import type { Path } from './source.js';

const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Succeed', 'Fail'];
const TASK_MODES = ['RequestComplete', 'WaitForCustomCallback', 'WaitForSystemCallback'];
const INPUT_ROOTS = ['$Input', '$Context'];
const OUTPUT_ROOTS = ['$Input', '$Output', '$Context'];
// The constructors also read $Global (help/en/serverless-workflow/latest/global-io).
const INPUT_CONSTRUCTOR_ROOTS = [...INPUT_ROOTS, '$Global'];
const OUTPUT_CONSTRUCTOR_ROOTS = [...OUTPUT_ROOTS, '$Global'];
const ITEM_ROOTS = ['$Item', '$Input', '$Context'];
const INVOCATION_TYPES = ['Sync', 'Async'];

/** $Context as help/en/serverless-workflow/latest/data-transfer lists it: Execution and Current, nothing of FDL's. */
const documented = ({ Execution, Current }: ContextView) => ({ Execution, Current });
// Limits from the state pages (parallel, task-task, error-handling under help/en/serverless-workflow/latest/).
const MAX_BRANCHES = 50;
const MAX_TASK_TIMEOUT = 604_800;
const MAX_RETRY_SECONDS = 86_400;
const RETRY_FIELDS = ['Errors', 'Description', 'MaxAttempts', 'IntervalSeconds', 'BackoffRate', 'MaxBackoffSeconds'];
const CATCH_FIELDS = ['Errors', 'Description', 'OutputConstructor', 'Next'];

const passThrough: DataModel = { open: (input) => input, close: (frame) => frame };

export function compileCloudFlow(c: Checker, doc: Fields): Program {
  if (doc.SpecVersion !== undefined && doc.SpecVersion !== 'v1') c.fail(['SpecVersion'], 'must be v1');
  return { root: scope(c, doc, []), checkStateData };
}

/**
 * "The size of the input and output of a state cannot exceed 64 KiB ... the flow fails" (input-and-output). The engine
 * hands the input's size as the state enters, then the same with the output's as it exits: only the output is new then.
 */
function checkStateData(inputBytes: number, outputBytes: number | undefined): string | undefined {
  const [what, bytes] = outputBytes === undefined ? ['input', inputBytes] : ['output', outputBytes];
  return bytes > MAX_STATE_DATA ? `its ${what} is ${bytes} bytes; a state takes and gives at most 64 KiB` : undefined;
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

/**
 * A state's constructors. GlobalConstructor merges what it builds into $Global when the state ends; it reads the
 * state's raw $Output, and the OutputConstructor reads $Global as it was before that merge (global-io).
 */
function io(c: Checker, obj: Fields, path: Path): StepIo {
  const input = constructor(c, obj, 'InputConstructor', path, INPUT_CONSTRUCTOR_ROOTS);
  const output = constructor(c, obj, 'OutputConstructor', path, OUTPUT_CONSTRUCTOR_ROOTS);
  const global = constructor(c, obj, 'GlobalConstructor', path, OUTPUT_CONSTRUCTOR_ROOTS);
  return {
    input: (frame, context, globals) => (input ? input({ $Input: frame, $Context: documented(context), $Global: globals }) : frame),
    output: (_frame, stepInput, result, context, globals) => {
      const vars = { $Input: stepInput, $Output: result, $Context: documented(context), $Global: globals };
      const out = output ? output(vars) : result;
      return { frame: out, output: out, globals: global ? { ...globals, ...(global(vars) as Fields) } : undefined };
    },
  };
}

function state(c: Checker, obj: Fields, path: Path, names: readonly string[]): StateNode {
  const type = c.string(obj, 'Type', path, true);
  if (!STATE_TYPES.includes(type)) c.fail([...path, 'Type'], `unknown state type "${type}" (expected one of ${STATE_TYPES.join(', ')})`);
  const name = obj.Name as string;
  const [stateIo, retry, caught] = c.every(() => io(c, obj, path), () => retries(c, obj, path), () => catches(c, obj, path, names));
  const base = { name, type, io: stateIo, retry, catch: caught };
  const terminal = type === 'Succeed' || type === 'Fail';
  const branching = type === 'Choice';
  let next: string | undefined;
  if (terminal || branching) {
    if (obj.Next !== undefined) c.fail([...path, 'Next'], `a ${type} state has no Next`);
    if (branching && obj.End !== undefined) c.fail([...path, 'End'], 'a Choice state has no End (its Default is where it goes when no branch matches)');
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
      if (branches.length > MAX_BRANCHES) c.fail([...path, 'Branches'], `has ${branches.length} branches; a Parallel state takes at most ${MAX_BRANCHES}`);
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

// Seconds (help/en/serverless-workflow/latest/wait-wait) or, in the page's 2023
// version, UntilDateTime: an RFC 3339 time or an input path such as
// $Input.timeField. Timestamp is kept for definitions written against it.
const WAIT_KEYS = ['Seconds', 'Seconds.$', 'UntilDateTime', 'UntilDateTime.$', 'Timestamp', 'Timestamp.$'];

function waitDuration(c: Checker, obj: Fields, path: Path): WaitNode['duration'] {
  const given = WAIT_KEYS.filter((k) => obj[k] !== undefined);
  if (given.length !== 1) c.fail(path, `a Wait state needs exactly one of ${WAIT_KEYS.join(', ')}`);
  const key = given[0]!;
  if (key === 'Seconds') {
    const seconds = c.number(obj, 'Seconds', path)!;
    return () => ({ seconds });
  }
  const literal = !key.endsWith('.$') && !String(obj[key]).startsWith('$');
  if (literal) {
    const text = c.string(obj, key, path, true);
    const until = Date.parse(text);
    if (Number.isNaN(until)) c.fail([...path, key], `"${text}" is not an RFC 3339 time`);
    return () => ({ until });
  }
  const expr = c.expression(obj[key], [...path, key], INPUT_ROOTS);
  return (input, context) => {
    const value = expr({ $Input: input, $Context: documented(context) });
    if (key === 'Seconds.$') {
      if (typeof value !== 'number' || value < 0) throw new StepError('FnF.InvalidArgument', `Seconds.$ gave ${JSON.stringify(value)}, not a number of seconds`);
      return { seconds: value };
    }
    const until = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(until)) throw new StepError('FnF.InvalidArgument', `${key} gave ${JSON.stringify(value)}, not an RFC 3339 time`);
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
    return { next, test: (input: unknown, context: ContextView) => Boolean(test({ $Input: input, $Context: documented(context) })) };
  });
  const fallback = c.string(obj, 'Default', path);
  if (!fallback) c.fail(path, 'a Choice state needs a Default');
  return { ...base, kind: 'choice', branches, otherwise: { next: c.target(fallback, names, [...path, 'Default'], 'state') } };
}

function task(c: Checker, obj: Fields, path: Path, base: Base, next: string | undefined): StateNode {
  const action = c.string(obj, 'Action', path, true);
  if (!ACTION_NAME.test(action)) c.fail([...path, 'Action'], `"${action}" is not <Service>:<Operation> (for example FC:InvokeFunction)`);
  const mode = c.string(obj, 'TaskMode', path) ?? 'RequestComplete';
  if (!TASK_MODES.includes(mode)) c.fail([...path, 'TaskMode'], `unknown TaskMode "${mode}" (expected one of ${TASK_MODES.join(', ')})`);
  const timeout = taskTimeout(c, obj, path);
  const parameters = constructor(c, obj, 'Parameters', path, INPUT_ROOTS);
  const invokesFunction = action === 'FC:InvokeFunction';
  if (invokesFunction) checkInvokeFunction(c, obj, path);
  return {
    ...base, kind: 'task', next, callback: mode === 'WaitForCustomCallback',
    request: (input, context) => {
      const params = (parameters ? parameters({ $Input: input, $Context: documented(context) }) : {}) as Record<string, unknown>;
      const invocationType = params.invocationType ?? 'Sync';
      if (typeof invocationType !== 'string' || !INVOCATION_TYPES.includes(invocationType)) {
        throw new StepError('FnF.InvalidArgument', `invocationType ${JSON.stringify(invocationType)} is neither Sync nor Async`);
      }
      return {
        action,
        resourceArn: typeof params.resourceArn === 'string' ? params.resourceArn : undefined,
        parameters: params,
        body: 'body' in params ? params.body : input,
        invocationType: invocationType as TaskRequest['invocationType'],
        // "The workflow waits for the task to complete" (service-integration-pattern).
        waitsForCompletion: mode === 'WaitForSystemCallback',
        timeoutSeconds: timeout(input, context),
      };
    },
    response: invokesFunction ? functionResponse : undefined,
  };
}

/**
 * $Output of FC:InvokeFunction: the service's response to the call, whose Body is what the function returned
 * (Alibaba's own flows read $Output.Body.<field>). An Async call answers at once, with no body, unless the task
 * waits for the function to finish (WaitForSystemCallback).
 */
function functionResponse(result: unknown, req: TaskRequest): unknown {
  const answeredAtOnce = req.invocationType === 'Async' && !req.waitsForCompletion;
  return answeredAtOnce ? { Body: '', StatusCode: 202, Headers: {} } : { Body: result, StatusCode: 200, Headers: {} };
}

/** Parameters of FC:InvokeFunction (help/en/serverless-workflow/latest/integrated-function-compute). */
function checkInvokeFunction(c: Checker, obj: Fields, path: Path): void {
  const params = (obj.Parameters ?? {}) as Fields;
  const at = obj.Parameters === undefined ? path : [...path, 'Parameters'];
  if (params.resourceArn === undefined && params['resourceArn.$'] === undefined) c.fail(at, 'FC:InvokeFunction needs Parameters.resourceArn (the function\'s ARN)');
  const type = params.invocationType;
  if (type !== undefined && (typeof type !== 'string' || !INVOCATION_TYPES.includes(type))) {
    c.fail([...at, 'invocationType'], `unknown invocationType ${JSON.stringify(type)} (expected ${INVOCATION_TYPES.join(' or ')})`);
  }
}

/** Seconds in a Timeout (a number, or a string of one: the page types it string); 0 is no timeout; NaN if not one. */
function timeoutSeconds(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && n >= 0 && n <= MAX_TASK_TIMEOUT ? n : NaN;
}

function taskTimeout(c: Checker, obj: Fields, path: Path): (input: unknown, context: ContextView) => number | undefined {
  if (obj.Timeout !== undefined && obj['Timeout.$'] !== undefined) c.fail(path, 'has both Timeout and Timeout.$');
  const range = `a number of seconds from 0 (none) to ${MAX_TASK_TIMEOUT}`;
  if (obj['Timeout.$'] !== undefined) {
    const expr = c.expression(obj['Timeout.$'], [...path, 'Timeout.$'], INPUT_ROOTS);
    return (input, context) => {
      const value = expr({ $Input: input, $Context: documented(context) });
      const seconds = timeoutSeconds(value);
      if (Number.isNaN(seconds)) throw new StepError('FnF.InvalidArgument', `Timeout.$ gave ${JSON.stringify(value)}, not ${range}`);
      return seconds || undefined;
    };
  }
  if (obj.Timeout === undefined) return () => undefined;
  const seconds = timeoutSeconds(obj.Timeout);
  if (Number.isNaN(seconds)) c.fail([...path, 'Timeout'], `must be ${range}`);
  return () => seconds || undefined;
}

// Inline mode (help/en/serverless-workflow/latest/inline-mode) and distributed
// mode (.../distributed-mode: ProcessorConfig, ItemConstructor over $Item,
// ItemReader/ItemBatcher/ResultWriter). Both run here as iterations in the
// execution; what needs OSS fails the step with a reason.
const OSS_FIELDS = ['ItemReader', 'ResultWriter'];

function map(c: Checker, obj: Fields, path: Path, base: Base, next: string | undefined): StateNode {
  const needsOss = OSS_FIELDS.find((k) => obj[k] !== undefined);
  if (obj.ItemsPath === undefined && !needsOss) c.fail(path, 'a Map state needs ItemsPath');
  const items = obj.ItemsPath === undefined ? undefined : c.expression(obj.ItemsPath, [...path, 'ItemsPath'], INPUT_ROOTS);
  const item = constructor(c, obj, 'ItemConstructor', path, ITEM_ROOTS);
  if (obj.ProcessorConfig !== undefined) c.string(c.object(obj.ProcessorConfig, [...path, 'ProcessorConfig']), 'ExecutionMode', [...path, 'ProcessorConfig']);
  const processor = scope(c, c.object(obj.Processor, [...path, 'Processor']), [...path, 'Processor']);
  // The pages spell the field MaxConcuccency; MaxConcurrency is taken too.
  const limitKey = obj.MaxConcurrency !== undefined ? 'MaxConcurrency' : 'MaxConcuccency';
  const maxConcurrency = c.number(obj, limitKey, path, { integer: true }) ?? 0;
  return {
    ...base, kind: 'map', next, processor, maxConcurrency,
    items: (input, context) => {
      if (needsOss) throw new StepError('FnF.InvalidArgument', `${needsOss} works with OSS, which the local endpoint does not reach; give the items with ItemsPath`);
      if (obj.ItemBatcher !== undefined) throw new StepError('FnF.InvalidArgument', 'ItemBatcher is not run by the local endpoint (the docs do not say what a batch looks like)');
      const value = items!({ $Input: input, $Context: documented(context) });
      if (!Array.isArray(value)) throw new StepError('FnF.InvalidArgument', `ItemsPath ${String(obj.ItemsPath)} is not a list`);
      return value;
    },
    iterationInput: (input, value, _index, context) => (item ? item({ $Item: value, $Input: input, $Context: documented(context) }) : value),
    combine: (outputs) => ({ Items: outputs }),
  };
}

/** A Retry or Catch rule takes only its documented fields (help/en/serverless-workflow/latest/error-handling). */
function rule(c: Checker, value: unknown, at: Path, fields: readonly string[], kind: string): Fields {
  const obj = c.closedObject(value, at, fields, (key) => `unknown field "${key}" in a ${kind} rule (it takes ${fields.join(', ')})`);
  c.string(obj, 'Description', at);
  return obj;
}

// Every rule, and every field of a rule, is checked apart: collecting, one problem hides no other.
function retries(c: Checker, obj: Fields, path: Path): RetryRule[] {
  return c.every(...(c.list(obj, 'Retry', path) ?? []).map((r, i) => (): RetryRule => {
    const at = [...path, 'Retry', i];
    const retry = rule(c, r, at, RETRY_FIELDS, 'Retry');
    const [errors, maxAttempts, intervalSeconds, backoffRate, maxBackoffSeconds] = c.every(
      () => c.stringList(retry, 'Errors', at),
      () => c.number(retry, 'MaxAttempts', at, { integer: true }) ?? c.fail(at, 'missing MaxAttempts'),
      () => c.seconds(retry, 'IntervalSeconds', at, MAX_RETRY_SECONDS) ?? c.fail(at, 'missing IntervalSeconds'),
      () => c.number(retry, 'BackoffRate', at, { min: 1 }) ?? 1,
      () => c.seconds(retry, 'MaxBackoffSeconds', at, MAX_RETRY_SECONDS),
    );
    return { errors, maxAttempts, intervalSeconds, backoffRate, maxBackoffSeconds };
  }));
}

function catches(c: Checker, obj: Fields, path: Path, names: readonly string[]): CatchRule[] {
  return c.every(...(c.list(obj, 'Catch', path) ?? []).map((r, i) => (): CatchRule => {
    const at = [...path, 'Catch', i];
    const handler = rule(c, r, at, CATCH_FIELDS, 'Catch');
    const [output, errors, next] = c.every(
      () => constructor(c, handler, 'OutputConstructor', at, OUTPUT_CONSTRUCTOR_ROOTS),
      () => c.stringList(handler, 'Errors', at),
      () => c.target(c.string(handler, 'Next', at, true), names, [...at, 'Next'], 'state'),
    );
    return {
      errors,
      next,
      // The docs name no output for a caught state but what its OutputConstructor builds; without one, the error.
      caught: (_frame, input, error, context, globals) => {
        const out = output ? output({ $Input: input, $Output: error, $Context: documented(context), $Global: globals }) : error;
        return { frame: out, output: out };
      },
    };
  }));
}
