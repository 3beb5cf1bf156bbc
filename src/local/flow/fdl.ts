// The older FDL (`version: v1`, `type: flow`, `steps:`) → Program. A scope
// (the flow, a branch, an iteration, a choice's nested steps) has an input
// and a $local; each step reads both (merged, unless inputMappings say
// otherwise), and its output (its $local, unless outputMappings say
// otherwise) is merged into the scope's $local, which is the scope's output.
// What each step's $local is, and every default below, comes from the FDL
// help pages (https://help.aliyun.com/document_detail/122492.html and the
// step pages linked from it); test/flows/fdl-docs.test.ts holds their examples.
import type { Checker, Fields } from './check.js';
import type { Expression, Vars } from './expression.js';
import {
  ACTION_NAME, asObject, FUNCTION_REF, StepError,
  type CatchRule, type ChoiceTarget, type ContextView, type DataModel, type Program, type RetryRule, type Scope, type StateNode, type StepIo,
} from './program.js';
import type { Path } from './source.js';

// v1beta1 is what the Terraform provider's and Serverless Devs' examples declare; the service runs them as v1.
const VERSIONS = ['v1', 'v1beta1'];
const STEP_TYPES = ['pass', 'task', 'choice', 'parallel', 'foreach', 'wait', 'succeed', 'fail'];
const PATTERNS = ['requestResponse', 'sync', 'waitForCallback'];
// In a mapping `$` is `$input` (the MNS integration pages use both in one inputMappings).
const MAPPING_ROOTS = ['$', '$input', '$local', '$context'];
// Conditions and foreach collections read the step's input (which holds the scope's $local unless inputMappings say otherwise).
const CONDITION_ROOTS = ['$', '$input', '$context'];
const INPUT_PATH_ROOTS = ['$', '$input'];
/** Limits from the step pages: a wait lasts at most two days, retry intervals at most a day, 100 branches or concurrent iterations. */
const MAX_WAIT_SECONDS = 2 * 24 * 3600;
const MAX_INTERVAL_SECONDS = 86_400;
const MAX_BRANCHES = 100;
const MAX_CONCURRENCY = 100;
const MAX_STEP_DATA = 32 * 1024;
/**
 * The errors FDL names where the pages are silent, from Alibaba's own sample
 * flows (github.com/awesome-fnf): their retry and catch lists name
 * FnF.TaskTimeout for a task past its timeoutSeconds (37 times in
 * test/flows/real, FnF.Timeout never), and FnF.InvalidLocal for "function code
 * that breaks the rules" — a result that is not the JSON object a task's
 * $local must be (task step page).
 */
const TASK_TIMEOUT = 'FnF.TaskTimeout';
const INVALID_LOCAL = 'FnF.InvalidLocal';
/**
 * The Action (CloudFlow's name for the same API) a resourceArn calls, so a
 * local handler or mock answers FDL and CloudFlow tasks alike. Integrated
 * services: https://help.aliyun.com/document_detail/149828.html (FC, child
 * flows), https://help.aliyun.com/document_detail/157027.html (MNS topics),
 * https://www.alibabacloud.com/help/doc-detail/159864.htm (MNS queues).
 */
const CHILD_FLOW = 'FNF:StartExecution';
const ACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/^acs:fc:.*\/functions\/[^/]+/, 'FC:InvokeFunction'],
  [FUNCTION_REF, 'FC:InvokeFunction'],
  [/^acs:fnf:[^:]*:[^:]*:flow\//, CHILD_FLOW],
  [/^acs:mns:[^:]*:[^:]*:\/topics\//, 'MNS:PublishMessage'],
  [/^acs:mns:[^:]*:[^:]*:\/queues\//, 'MNS:SendMessage'],
];

interface FdlFrame { input: Record<string, unknown>; local: Record<string, unknown> }
type Mapping = (vars: Vars) => Record<string, unknown>;

const isPath = (value: unknown): value is string => typeof value === 'string' && value.startsWith('$');

const scopeData: DataModel = {
  open: (input): FdlFrame => ({ input: asObject(input), local: {} }),
  close: (frame) => (frame as FdlFrame).local,
};

export function compileFdl(c: Checker, doc: Fields): Program {
  const version = c.string(doc, 'version', [], true);
  if (!VERSIONS.includes(version)) c.fail(['version'], `must be ${VERSIONS.join(' or ')}`);
  if (c.string(doc, 'type', [], true) !== 'flow') c.fail(['type'], 'must be flow');
  const timeoutSeconds = c.number(doc, 'timeoutSeconds', []);
  return { root: { ...steps(c, doc, []), data: flowData(c, doc) }, timeoutSeconds, checkStateData: checkStepData };
}

/**
 * "The total size of a step's input, output and local variables cannot exceed
 * 32 KiB; otherwise the flow execution fails" (inputs and outputs page). The
 * engine hands over the input's size, and the output's once there is one.
 */
function checkStepData(inputBytes: number, outputBytes = 0): string | undefined {
  const bytes = inputBytes + outputBytes;
  return bytes > MAX_STEP_DATA ? `its input and output are ${bytes} bytes; a step takes and gives at most 32 KiB` : undefined;
}

/** The flow's own mappings: the execution input → the flow's input; the flow's input and $local → the execution output. */
function flowData(c: Checker, doc: Fields): DataModel {
  const input = mappings(c, doc, 'inputMappings', [], ['$', '$input']);
  const output = mappings(c, doc, 'outputMappings', [], ['$', '$input', '$local']);
  return {
    open: (value): FdlFrame => ({ input: input ? input({ $input: asObject(value) }) : asObject(value), local: {} }),
    close: (frame) => {
      const f = frame as FdlFrame;
      return output ? output({ $input: f.input, $local: f.local }) : f.local;
    },
  };
}

function steps(c: Checker, obj: Fields, path: Path): Scope {
  const list = c.list(obj, 'steps', path, { required: true, nonEmpty: true })!;
  const names = c.names(list, [...path, 'steps'], 'name');
  const states = new Map<string, StateNode>();
  list.forEach((entry, i) => c.each(() => states.set(names[i]!, step(c, c.object(entry, [...path, 'steps', i]), [...path, 'steps', i], names, names[i + 1]))));
  return { startAt: names[0]!, states, data: scopeData };
}

/**
 * FDL's $context. The pages show $context.task.token (help.aliyun.com/document_detail/149828.html and the callback
 * pages); Alibaba's own sample flows (awesome-fnf, test/flows/real) also read flow.name, execution.name, step.name and
 * step.eventId (the id of the step's StepEntered event: oss-batch-copy starts a child flow before its history nears
 * the 5,000-event limit). No page lists the fields.
 */
function contextVars(context: ContextView) {
  return {
    flow: { name: context.Flow.Name },
    execution: { name: context.Execution.Name },
    step: { name: context.Current.Name, eventId: context.StepEventId },
    task: { token: context.Current.TaskToken },
  };
}

/** Mappings: `{target, source}`, source a path into the given roots or a constant of any JSON type. */
function mappings(c: Checker, obj: Fields, key: string, path: Path, roots = MAPPING_ROOTS): Mapping | undefined {
  const list = c.list(obj, key, path);
  if (!list) return undefined;
  const entries: Array<[string, Expression]> = list.map((m, i) => {
    const at = [...path, key, i];
    const mapping = c.object(m, at);
    const target = c.string(mapping, 'target', at, true);
    const source = mapping.source;
    if (isPath(source)) return [target, c.expression(source, [...at, 'source'], roots)];
    return [target, () => source];
  });
  return (vars) => {
    const all = { $: vars.$input, ...vars };
    return Object.fromEntries(entries.map(([target, expr]) => [target, expr(all) ?? null]));
  };
}

/**
 * How a step's result becomes its output: `localOf` picks the step's $local
 * from the result; without outputMappings the output is that $local, except
 * for parallel and foreach, whose output is then empty.
 */
function io(c: Checker, obj: Fields, path: Path, localOf: (input: unknown, result: unknown) => unknown, outputByDefault: boolean): StepIo {
  const input = mappings(c, obj, 'inputMappings', path);
  const output = mappings(c, obj, 'outputMappings', path);
  return {
    input: (frame, context) => {
      const { input: scopeInput, local } = frame as FdlFrame;
      return input ? input({ $input: scopeInput, $local: local, $context: contextVars(context) }) : { ...scopeInput, ...local };
    },
    output: (frame, stepInput, result, context) => {
      const local = localOf(stepInput, result);
      const out = output ? output({ $input: stepInput, $local: local, $context: contextVars(context) }) : outputByDefault ? asObject(local) : {};
      return mergeOutput(frame, out);
    },
  };
}

function mergeOutput(frame: unknown, out: Record<string, unknown>): { frame: FdlFrame; output: unknown } {
  const f = frame as FdlFrame;
  return { frame: { input: f.input, local: { ...f.local, ...out } }, output: out };
}

const noLocal = () => ({});
const resultIsLocal = (_input: unknown, result: unknown) => result;
const taskLocal = (_input: unknown, result: unknown) => {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new StepError(INVALID_LOCAL, `the task's result must be a JSON object (its $local), not ${JSON.stringify(result)}`);
  }
  return result;
};
// A choice that ran nested steps has their $local as its own; the engine hands a choice without steps its input back.
const choiceLocal = (input: unknown, result: unknown) => (result === input ? {} : result);

function step(c: Checker, obj: Fields, path: Path, names: readonly string[], following: string | undefined): StateNode {
  const type = c.string(obj, 'type', path, true);
  if (!STEP_TYPES.includes(type)) c.fail([...path, 'type'], `unknown step type "${type}" (expected one of ${STEP_TYPES.join(', ')})`);
  const name = obj.name as string;
  if (obj.end !== undefined && typeof obj.end !== 'boolean') c.fail([...path, 'end'], 'must be true or false');
  const goto = c.string(obj, 'goto', path);
  const next = obj.end === true ? undefined : goto ? c.target(goto, names, [...path, 'goto'], 'step') : following;
  const localOf = type === 'task' ? taskLocal : type === 'parallel' || type === 'foreach' ? resultIsLocal : type === 'choice' ? choiceLocal : noLocal;
  const [stepIo, retry, caught] = c.every(
    () => io(c, obj, path, localOf, type !== 'parallel' && type !== 'foreach'),
    () => retries(c, obj, path),
    () => catches(c, obj, path, names),
  );
  const base = { name, type, next, io: stepIo, retry, catch: caught };
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
      const list = c.list(obj, 'branches', path, { required: true, nonEmpty: true })!;
      if (list.length > MAX_BRANCHES) c.fail([...path, 'branches'], `has ${list.length} branches; at most ${MAX_BRANCHES} are allowed`);
      const branches = list.map((b, i) => steps(c, c.object(b, [...path, 'branches', i]), [...path, 'branches', i]));
      return { ...base, kind: 'parallel', branches, combine: (outputs) => outputs };
    }
    default:
      return foreach(c, obj, path, base);
  }
}

type Base = Pick<StateNode, 'name' | 'type' | 'next' | 'io' | 'retry' | 'catch'>;

/** duration (seconds) or timestamp (RFC 3339): each a constant or a path into the step's input such as `$.wait`. */
function waitDuration(c: Checker, obj: Fields, path: Path): (input: unknown) => { seconds: number } | { until: number } {
  const given = (key: string) => obj[key] !== undefined && obj[key] !== null;
  if (given('duration') === given('timestamp')) c.fail(path, 'a wait step needs exactly one of duration, timestamp');
  const key = given('duration') ? 'duration' : 'timestamp';
  const at = [...path, key];
  const value = obj[key];
  if (isPath(value)) {
    const read = c.expression(value, at, INPUT_PATH_ROOTS);
    return (input) => {
      const found = read({ $: input, $input: input });
      return key === 'duration' ? { seconds: waitSeconds(found, value) } : { until: waitUntil(found, value) };
    };
  }
  if (key === 'duration') {
    const seconds = c.number(obj, key, path)!;
    if (seconds > MAX_WAIT_SECONDS) c.fail(at, `${seconds} s is longer than the longest wait, ${MAX_WAIT_SECONDS} s (two days)`);
    return () => ({ seconds });
  }
  const until = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(until)) c.fail(at, `${JSON.stringify(value)} is not an RFC 3339 time or a path such as $.wait`);
  return () => ({ until });
}

function waitSeconds(value: unknown, source: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_WAIT_SECONDS) {
    throw new StepError('FnF.InvalidArgument', `duration ${source} is ${JSON.stringify(value) ?? 'missing'}, not a number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return value;
}

function waitUntil(value: unknown, source: string): number {
  const until = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(until)) throw new StepError('FnF.InvalidArgument', `timestamp ${source} is ${JSON.stringify(value) ?? 'missing'}, not an RFC 3339 time`);
  return until;
}

/** A choice or the default: nested steps, a goto to a sibling of the choice, both (steps first), or neither. */
function choiceTarget(c: Checker, obj: Fields, path: Path, names: readonly string[]): ChoiceTarget {
  const goto = c.string(obj, 'goto', path);
  return {
    next: goto === undefined ? undefined : c.target(goto, names, [...path, 'goto'], 'step'),
    scope: obj.steps === undefined ? undefined : steps(c, obj, path),
  };
}

function choice(c: Checker, obj: Fields, path: Path, names: readonly string[], base: Base): StateNode {
  const branches = c.list(obj, 'choices', path, { required: true, nonEmpty: true })!.map((entry, i) => {
    const at = [...path, 'choices', i];
    const branch = c.object(entry, at);
    if (branch.condition === undefined) c.fail(at, 'missing condition');
    const test = c.expression(branch.condition, [...at, 'condition'], CONDITION_ROOTS);
    return {
      ...choiceTarget(c, branch, at, names),
      test: (input: unknown, context: ContextView) => Boolean(test({ $: input, $input: input, $context: contextVars(context) })),
    };
  });
  // The pages list default as required, yet say a choice without one just ends: the service runs flows without it.
  const otherwise = obj.default === undefined ? undefined : choiceTarget(c, c.object(obj.default, [...path, 'default']), [...path, 'default'], names);
  return { ...base, kind: 'choice', branches, otherwise };
}

function task(c: Checker, obj: Fields, path: Path, base: Base): StateNode {
  const { action, resourceArn } = taskTarget(c, obj, path);
  const pattern = c.string(obj, 'pattern', path) ?? 'requestResponse';
  if (!PATTERNS.includes(pattern)) c.fail([...path, 'pattern'], `unknown pattern "${pattern}" (expected one of ${PATTERNS.join(', ')})`);
  const timeoutSeconds = c.number(obj, 'timeoutSeconds', path);
  const params = serviceParams(c, obj, path);
  const invocation = action === 'FC:InvokeFunction' ? invocationType(c, obj, path) : () => 'Sync' as const;
  const shape = action === CHILD_FLOW ? childFlowParameters(resourceArn) : (parameters: Record<string, unknown>) => parameters;
  return {
    ...base, kind: 'task', callback: pattern === 'waitForCallback',
    request: (input) => {
      const given = params(input);
      return {
        action, resourceArn, parameters: shape(given, input), body: input, invocationType: invocation(given),
        waitsForCompletion: pattern === 'sync', timeoutSeconds, timeoutError: TASK_TIMEOUT,
      };
    },
  };
}

/**
 * A child flow's parameters as FNF:StartExecution takes them (resourceArn,
 * input, executionName), from FDL's serviceParams: Input and ExecutionName
 * beside a resourceArn (https://help.aliyun.com/document_detail/149829.html:
 * without Input, the step's input), or FlowName too for `action: fnf:StartExecution`.
 */
function childFlowParameters(resourceArn: string | undefined) {
  return (given: Record<string, unknown>, input: unknown): Record<string, unknown> => ({
    resourceArn: resourceArn ?? `acs:fnf:::flow/${String(given.FlowName)}`,
    input: given.Input ?? input,
    ...(given.ExecutionName === undefined ? {} : { executionName: given.ExecutionName }),
  });
}

/**
 * How an FC task invokes its function: serviceParams.InvocationType, Sync
 * (the default) or Async (https://help.aliyun.com/document_detail/357640.html).
 */
function invocationType(c: Checker, obj: Fields, path: Path): (parameters: Record<string, unknown>) => 'Sync' | 'Async' {
  const given = obj.serviceParams !== undefined ? c.object(obj.serviceParams, [...path, 'serviceParams']).InvocationType : undefined;
  const valid = (value: unknown): value is 'Sync' | 'Async' => value === 'Sync' || value === 'Async';
  if (given === undefined) return () => 'Sync';
  if (!isPath(given)) {
    if (!valid(given)) c.fail([...path, 'serviceParams', 'InvocationType'], `must be Sync or Async, not ${JSON.stringify(given)}`);
    return () => given;
  }
  return (parameters) => {
    const value = parameters.InvocationType;
    if (!valid(value)) throw new StepError('FnF.InvalidArgument', `InvocationType ${given} is ${JSON.stringify(value) ?? 'missing'}, not Sync or Async`);
    return value;
  };
}

/**
 * What a task calls: a resourceArn (the help pages), or an `action` such as
 * `ocr:RecognizeIdentityCard`, which the awesome-fnf examples use to call a
 * cloud API with serviceParams (the pages never show it).
 */
function taskTarget(c: Checker, obj: Fields, path: Path): { action: string; resourceArn?: string } {
  const resourceArn = c.string(obj, 'resourceArn', path);
  const action = c.string(obj, 'action', path);
  if ((resourceArn === undefined) === (action === undefined)) c.fail(path, 'a task needs exactly one of resourceArn, action');
  if (resourceArn !== undefined) return { resourceArn, action: ACTIONS.find(([arn]) => arn.test(resourceArn))?.[1] ?? resourceArn };
  if (!ACTION_NAME.test(action!)) c.fail([...path, 'action'], `"${action}" is not product:Operation`);
  return { action: action!.toLowerCase() === CHILD_FLOW.toLowerCase() ? CHILD_FLOW : action! };
}

/**
 * serviceParams (MNS, child flows): the integrated API's parameters, each a
 * constant or a path into the step's input (`$` is all of it). Without them
 * the step's input is the parameters, as the pages say of a child flow's Input
 * and an MNS MessageBody.
 */
function serviceParams(c: Checker, obj: Fields, path: Path): (input: unknown) => Record<string, unknown> {
  if (obj.serviceParams === undefined) return (input) => asObject(input);
  const at = [...path, 'serviceParams'];
  const entries: Array<[string, Expression]> = Object.entries(c.object(obj.serviceParams, at)).map(([key, value]) =>
    [key, isPath(value) ? c.expression(value, [...at, key], INPUT_PATH_ROOTS) : () => value]);
  return (input) => Object.fromEntries(entries.map(([key, read]) => [key, read({ $: input, $input: input }) ?? null]));
}

function foreach(c: Checker, obj: Fields, path: Path, base: Base): StateNode {
  const at = [...path, 'iterationMapping'];
  const mapping = c.object(obj.iterationMapping, at);
  if (mapping.collection === undefined) c.fail(at, 'missing collection');
  const collection = c.expression(mapping.collection, [...at, 'collection'], CONDITION_ROOTS);
  const itemKey = c.string(mapping, 'item', at, true);
  const indexKey = c.string(mapping, 'index', at);
  const concurrency = c.number(obj, 'maxConcurrency', path, { integer: true }) ?? 0;
  return {
    ...base, kind: 'map', processor: steps(c, obj, path),
    maxConcurrency: concurrency === 0 ? MAX_CONCURRENCY : Math.min(concurrency, MAX_CONCURRENCY),
    items: (input, context) => {
      const value = collection({ $: input, $input: input, $context: contextVars(context) });
      if (!Array.isArray(value)) throw new StepError('FnF.InvalidArgument', `collection ${String(mapping.collection)} is not a list`);
      return value;
    },
    iterationInput: (input, item, index) => ({ ...asObject(input), [itemKey]: item, ...(indexKey ? { [indexKey]: index } : {}) }),
    combine: (outputs) => outputs,
  };
}

/** Defaults from https://help.aliyun.com/document_detail/214310.html: 3 attempts, 1 s, doubling, at most 86400 s apart. */
// Every rule, and every field of a rule, is checked apart: collecting, one problem hides no other.
function retries(c: Checker, obj: Fields, path: Path): RetryRule[] {
  return c.every(...(c.list(obj, 'retry', path) ?? []).map((r, i) => (): RetryRule => {
    const at = [...path, 'retry', i];
    const rule = c.object(r, at);
    const [errors, maxAttempts, intervalSeconds, backoffRate, maxBackoffSeconds] = c.every(
      () => c.stringList(rule, 'errors', at),
      () => c.number(rule, 'maxAttempts', at, { integer: true }) ?? 3,
      () => c.seconds(rule, 'intervalSeconds', at, MAX_INTERVAL_SECONDS) ?? 1,
      () => c.number(rule, 'multiplier', at, { min: 1 }) ?? 2,
      () => c.seconds(rule, 'maxIntervalSeconds', at, MAX_INTERVAL_SECONDS) ?? MAX_INTERVAL_SECONDS,
    );
    return { errors, maxAttempts, intervalSeconds, backoffRate, maxBackoffSeconds };
  }));
}

/** A caught step's output is what its errorMappings make of `$local.error` and `$local.cause`; without them, nothing. */
function catches(c: Checker, obj: Fields, path: Path, names: readonly string[]): CatchRule[] {
  const errorMappings = mappings(c, obj, 'errorMappings', path);
  return c.every(...(c.list(obj, 'catch', path) ?? []).map((r, i) => (): CatchRule => {
    const at = [...path, 'catch', i];
    const rule = c.object(r, at);
    const [errors, next] = c.every(
      () => c.stringList(rule, 'errors', at),
      () => c.target(c.string(rule, 'goto', at, true), names, [...at, 'goto'], 'step'),
    );
    return {
      errors,
      next,
      caught: (frame, input, error, context) => {
        const local = { error: error.Code, cause: error.Detail };
        return mergeOutput(frame, errorMappings ? errorMappings({ $input: input, $local: local, $context: contextVars(context) }) : {});
      },
    };
  }));
}
