// The older FDL (`version: v1`, `type: flow`, `steps:`) → Program. A scope
// (the flow, a branch, an iteration, a choice's nested steps) has an input
// and a $local; each step reads both (merged, unless inputMappings say
// otherwise), and its output (its $local, unless outputMappings say
// otherwise) is merged into the scope's $local, which is the scope's output.
import type { Checker, Fields } from './check.js';
import type { Expression, Vars } from './expression.js';
import {
  StepError,
  type CatchRule, type ChoiceTarget, type ContextView, type DataModel, type RetryRule, type Scope, type StateNode, type StepIo,
} from './program.js';
import type { Path } from './source.js';

const STEP_TYPES = ['pass', 'task', 'choice', 'parallel', 'foreach', 'wait', 'succeed', 'fail'];
const PATTERNS = ['requestResponse', 'sync', 'waitForCallback'];
const MAPPING_ROOTS = ['$input', '$local', '$context'];
const CONDITION_ROOTS = ['$', '$input', '$local', '$context'];

interface FdlFrame { input: Record<string, unknown>; local: Record<string, unknown> }

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const scopeData: DataModel = {
  open: (input): FdlFrame => ({ input: asObject(input), local: {} }),
  close: (frame) => (frame as FdlFrame).local,
};

export function compileFdl(c: Checker, doc: Fields): Scope {
  if (doc.version !== undefined && doc.version !== 'v1') c.fail(['version'], 'must be v1');
  if (doc.type !== undefined && doc.type !== 'flow') c.fail(['type'], 'must be flow');
  return steps(c, doc, []);
}

function steps(c: Checker, obj: Fields, path: Path): Scope {
  const list = c.list(obj, 'steps', path, { required: true, nonEmpty: true })!;
  const names = c.names(list, [...path, 'steps'], 'name');
  const states = new Map<string, StateNode>();
  list.forEach((entry, i) => c.each(() => states.set(names[i]!, step(c, c.object(entry, [...path, 'steps', i]), [...path, 'steps', i], names, names[i + 1]))));
  return { startAt: names[0]!, states, data: scopeData };
}

function contextVars(context: ContextView) {
  return {
    execution: { name: context.Execution.Name },
    step: { name: context.Current.Name },
    task: { token: context.Current.TaskToken },
  };
}

/** Mappings: `{target, source}`, source a path into $input/$local/$context or a constant. */
function mappings(c: Checker, obj: Fields, key: string, path: Path): ((vars: Vars) => Record<string, unknown>) | undefined {
  const list = c.list(obj, key, path);
  if (!list) return undefined;
  const entries: Array<[string, Expression]> = list.map((m, i) => {
    const at = [...path, key, i];
    const mapping = c.object(m, at);
    const target = c.string(mapping, 'target', at, true);
    const source = mapping.source;
    if (typeof source === 'string' && source.startsWith('$')) return [target, c.expression(source, [...at, 'source'], MAPPING_ROOTS)];
    return [target, () => source];
  });
  return (vars) => Object.fromEntries(entries.map(([target, expr]) => [target, expr(vars) ?? null]));
}

/** How a step's result becomes its $local: `owns` says whether the result is the step's own. */
function io(c: Checker, obj: Fields, path: Path, owns: (input: unknown, result: unknown) => boolean): StepIo {
  const input = mappings(c, obj, 'inputMappings', path);
  const output = mappings(c, obj, 'outputMappings', path);
  return {
    input: (frame, context) => {
      const { input: scopeInput, local } = frame as FdlFrame;
      return input ? input({ $input: scopeInput, $local: local, $context: contextVars(context) }) : { ...scopeInput, ...local };
    },
    output: (frame, stepInput, result, context) => {
      const f = frame as FdlFrame;
      const local = owns(stepInput, result) ? result : {};
      const out = output ? output({ $input: stepInput, $local: local, $context: contextVars(context) }) : local;
      return { frame: { input: f.input, local: { ...f.local, ...asObject(out) } }, output: out };
    },
  };
}

function step(c: Checker, obj: Fields, path: Path, names: readonly string[], following: string | undefined): StateNode {
  const type = c.string(obj, 'type', path, true);
  if (!STEP_TYPES.includes(type)) c.fail([...path, 'type'], `unknown step type "${type}" (expected one of ${STEP_TYPES.join(', ')})`);
  const name = obj.name as string;
  const goto = c.string(obj, 'goto', path);
  const next = goto ? c.target(goto, names, [...path, 'goto'], 'step') : following;
  const owns = type === 'task' || type === 'parallel' || type === 'foreach'
    ? () => true
    : type === 'choice' ? (input: unknown, result: unknown) => result !== input : () => false;
  const base = { name, type, next, io: io(c, obj, path, owns), retry: retries(c, obj, path), catch: catches(c, obj, path, names) };
  switch (type) {
    case 'pass':
      return { ...base, kind: 'pass' };
    case 'succeed':
      return { ...base, kind: 'succeed', next: undefined };
    case 'fail': {
      const error = c.string(obj, 'error', path) ?? 'FnF.Failed';
      const cause = c.string(obj, 'cause', path) ?? '';
      return { ...base, kind: 'fail', next: undefined, error: () => error, cause: () => cause };
    }
    case 'wait':
      return { ...base, kind: 'wait', duration: waitDuration(c, obj, path) };
    case 'choice':
      return choice(c, obj, path, names, base);
    case 'task':
      return task(c, obj, path, base);
    case 'parallel': {
      const branches = c.list(obj, 'branches', path, { required: true, nonEmpty: true })!
        .map((b, i) => steps(c, c.object(b, [...path, 'branches', i]), [...path, 'branches', i]));
      return { ...base, kind: 'parallel', branches, combine: (outputs) => outputs };
    }
    default:
      return foreach(c, obj, path, base);
  }
}

type Base = Pick<StateNode, 'name' | 'type' | 'next' | 'io' | 'retry' | 'catch'>;

function waitDuration(c: Checker, obj: Fields, path: Path) {
  const seconds = c.number(obj, 'duration', path);
  const timestamp = c.string(obj, 'timestamp', path);
  if ((seconds === undefined) === (timestamp === undefined)) c.fail(path, 'a wait step needs exactly one of duration, timestamp');
  if (seconds !== undefined) return () => ({ seconds });
  const until = Date.parse(timestamp!);
  if (Number.isNaN(until)) c.fail([...path, 'timestamp'], `"${timestamp}" is not an RFC 3339 time`);
  return () => ({ until });
}

function choiceTarget(c: Checker, obj: Fields, path: Path, names: readonly string[]): ChoiceTarget {
  const hasSteps = obj.steps !== undefined;
  const goto = c.string(obj, 'goto', path);
  if (hasSteps === (goto !== undefined)) c.fail(path, 'needs exactly one of steps, goto');
  return goto ? { next: c.target(goto, names, [...path, 'goto'], 'step') } : { scope: steps(c, obj, path) };
}

function choice(c: Checker, obj: Fields, path: Path, names: readonly string[], base: Base): StateNode {
  const branches = c.list(obj, 'choices', path, { required: true, nonEmpty: true })!.map((entry, i) => {
    const at = [...path, 'choices', i];
    const branch = c.object(entry, at);
    if (branch.condition === undefined) c.fail(at, 'missing condition');
    const test = c.expression(branch.condition, [...at, 'condition'], CONDITION_ROOTS);
    return {
      ...choiceTarget(c, branch, at, names),
      test: (input: unknown, context: ContextView) => Boolean(test({ $: input, $input: input, $local: {}, $context: contextVars(context) })),
    };
  });
  const otherwise = obj.default === undefined ? undefined : choiceTarget(c, c.object(obj.default, [...path, 'default']), [...path, 'default'], names);
  return { ...base, kind: 'choice', branches, otherwise };
}

function task(c: Checker, obj: Fields, path: Path, base: Base): StateNode {
  const resourceArn = c.string(obj, 'resourceArn', path, true);
  const pattern = c.string(obj, 'pattern', path) ?? 'requestResponse';
  if (!PATTERNS.includes(pattern)) c.fail([...path, 'pattern'], `unknown pattern "${pattern}" (expected one of ${PATTERNS.join(', ')})`);
  const timeoutSeconds = c.number(obj, 'timeoutSeconds', path);
  const action = /:fc:|\/functions\//.test(resourceArn) ? 'FC:InvokeFunction' : resourceArn;
  return {
    ...base, kind: 'task', callback: pattern === 'waitForCallback', timeoutSeconds,
    request: (input) => ({ action, resourceArn, parameters: { resourceArn }, body: input, invocationType: 'Sync' }),
  };
}

function foreach(c: Checker, obj: Fields, path: Path, base: Base): StateNode {
  const mapping = c.object(obj.iterationMapping, [...path, 'iterationMapping']);
  const at = [...path, 'iterationMapping'];
  if (mapping.collection === undefined) c.fail(at, 'missing collection');
  const collection = c.expression(mapping.collection, [...at, 'collection'], CONDITION_ROOTS);
  const itemKey = c.string(mapping, 'item', at, true);
  const indexKey = c.string(mapping, 'index', at);
  return {
    ...base, kind: 'map', processor: steps(c, obj, path), maxConcurrency: c.number(obj, 'maxConcurrency', path, { integer: true }) ?? 0,
    items: (input, context) => {
      const value = collection({ $: input, $input: input, $local: {}, $context: contextVars(context) });
      if (!Array.isArray(value)) throw new StepError('FnF.InvalidArgument', `collection ${String(mapping.collection)} is not a list`);
      return value;
    },
    iterationInput: (input, item, index) => ({ ...asObject(input), [itemKey]: item, ...(indexKey ? { [indexKey]: index } : {}) }),
    combine: (outputs) => outputs,
  };
}

function retries(c: Checker, obj: Fields, path: Path): RetryRule[] {
  return (c.list(obj, 'retry', path) ?? []).map((r, i) => {
    const at = [...path, 'retry', i];
    const rule = c.object(r, at);
    return {
      errors: c.stringList(rule, 'errors', at),
      maxAttempts: c.number(rule, 'maxAttempts', at, { integer: true }) ?? 3,
      intervalSeconds: c.number(rule, 'intervalSeconds', at) ?? 1,
      backoffRate: c.number(rule, 'multiplier', at, { min: 1 }) ?? 1,
      maxBackoffSeconds: c.number(rule, 'maxIntervalSeconds', at),
    };
  });
}

function catches(c: Checker, obj: Fields, path: Path, names: readonly string[]): CatchRule[] {
  return (c.list(obj, 'catch', path) ?? []).map((r, i) => {
    const at = [...path, 'catch', i];
    const rule = c.object(r, at);
    return {
      errors: c.stringList(rule, 'errors', at),
      next: c.target(c.string(rule, 'goto', at, true), names, [...at, 'goto'], 'step'),
      caught: (frame) => ({ frame, output: {} }),
    };
  });
}
