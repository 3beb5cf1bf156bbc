// Runs one test case on the real engine, in-process: mocked tasks, a virtual
// clock, and a host that keeps only what the expectations need (the path of
// top-level states and how the execution ended). The case loop lets the
// engine and the mocks settle, waits for real handler calls, and otherwise
// jumps the clock to the next timer, so virtual time costs nothing.
import type { TaskCall } from '../local/engine/hooks.js';
import { createEngine } from '../local/engine/index.js';
import { MockedTasks, mockKeys } from '../local/engine/mocks.js';
import type { TaskRequest } from '../local/flow/program.js';
import {
  MAX_EVENTS_PER_EXECUTION, ServiceError,
  type CompiledFlow, type EngineHost, type ExecutionRecord, type ExecutionResult, type NewEvent,
} from '../local/types.js';
import { VirtualClock } from './clock.js';
import type { CoverageProbe } from './coverage.js';
import { checkOutcome, type Outcome, type Problem } from './expect.js';
import type { TestCase } from './testfile.js';

/** A flow compiled once for all the cases that run it. */
export interface PreparedFlow {
  name: string;
  compiled: CompiledFlow;
  probe: CoverageProbe;
}

export interface CaseResult {
  name: string;
  line: number;
  passed: boolean;
  /** Virtual ms from start to end. */
  virtualMs: number;
  /** Real ms the case took to run. */
  wallMs: number;
  outcome: Outcome;
  problems: Problem[];
  /** Coverage ids this case reached. */
  reached: string[];
}

class CaseHost implements EngineHost {
  readonly timeScale = 1;
  readonly path: string[] = [];
  result?: ExecutionResult;
  private events = 0;

  /** `topLevel`: the names of the flow's own states (an FDL choice's steps are recorded at its level too, but are not). */
  constructor(private readonly clock: VirtualClock, private readonly topLevel: ReadonlySet<string>) {}

  now(): number {
    return this.clock.now();
  }

  record(exec: ExecutionRecord, event: NewEvent): number {
    // The service's limit: a flow that loops for ever ends here, as it would there.
    if (this.events >= MAX_EVENTS_PER_EXECUTION) {
      throw new ServiceError('ExecutionEventsLimitExceeded', `Execution "${exec.name}" reached ${MAX_EVENTS_PER_EXECUTION} history events.`);
    }
    if (event.Type === 'StepEntered' && event.ScheduleEventId === 0 && this.topLevel.has(event.StepName)) this.path.push(event.StepName);
    return ++this.events;
  }

  checkpoint(): void {}

  complete(_exec: ExecutionRecord, result: ExecutionResult): void {
    this.result ??= result;
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Real time a handler may take before its case fails: a hung handler must not hang the run. */
const HANDLER_LIMIT_MS = 60_000;

/** Whether one of `work` settles within `ms` of real time. */
async function settlesWithin(work: ReadonlySet<Promise<unknown>>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([Promise.race(work).then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The execution name a case runs as ($Context.Execution.Name): its own name, in the characters names allow. */
function executionNameFor(caseName: string): string {
  return caseName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 128) || 'case';
}

export async function runCase(flow: PreparedFlow, testCase: TestCase, handlerLimitMs = HANDLER_LIMIT_MS): Promise<CaseResult> {
  const executionName = executionNameFor(testCase.name);
  const startedAt = performance.now();
  const clock = new VirtualClock(Date.now());
  const host = new CaseHost(clock, new Set(flow.probe.program.root.states.keys()));
  /** A problem that ends the case whatever the flow would do (a task no mock answers, a hung handler). */
  let fatal: string | undefined;
  const unanswered = (req: TaskRequest, call: TaskCall) => {
    fatal ??= `task state "${call.step}" has no mock: add one under mocks as ${mockKeys(req, call).map((k) => `"${k}"`).join(', ')}, or a handler`;
  };
  // Every task is answered from the case's mocks; one without an answer fails the case.
  const mocks = new MockedTasks(testCase.mocks, {
    canRun: (req, call) => (unanswered(req, call), false),
    run: (req, _signal, call) => (unanswered(req, call), new Promise(() => undefined)),
  }, { timers: clock });
  const engine = createEngine({ host, timers: clock, tasks: mocks });
  const reached = flow.probe.track(executionName);
  const exec: ExecutionRecord = {
    flowName: flow.name, name: executionName, status: 'Running', input: JSON.stringify(testCase.input),
    startedTime: clock.now(), flowDefinition: '', events: [],
  };
  let timedOut = false;
  clock.after(testCase.timeoutMs, () => {
    timedOut = true;
    engine.stop(exec, 'FnF.Timeout', `the execution did not end within ${testCase.timeoutMs / 1000} s`);
  });
  try {
    engine.start(exec, { ...flow.compiled, program: flow.probe.program });
    while (!host.result) {
      await settle();
      if (host.result) break;
      if (fatal) {
        engine.stop(exec, 'FnF.Test', fatal);
        break;
      }
      if (mocks.inFlight.size) {
        if (!(await settlesWithin(mocks.inFlight, handlerLimitMs))) fatal = `a handler did not answer within ${handlerLimitMs / 1000} s of real time`;
      } else if (!clock.fireNext()) break;
    }
  } finally {
    flow.probe.release(executionName);
    await engine.close();
  }
  const outcome = outcomeOf(host, timedOut);
  const problems: Problem[] = fatal ? [{ field: 'mock', message: fatal }] : checkOutcome(testCase.expect, outcome);
  return { name: testCase.name, line: testCase.line, passed: problems.length === 0, virtualMs: clock.elapsed(), wallMs: Math.round(performance.now() - startedAt), outcome, problems, reached: [...reached] };
}

function outcomeOf(host: CaseHost, timedOut: boolean): Outcome {
  const result = host.result;
  if (!result) return { status: 'Stopped', path: host.path };
  if (result.status === 'Succeeded') return { status: 'Succeeded', output: JSON.parse(result.output), path: host.path };
  const status = timedOut ? 'TimedOut' : result.status;
  return { status, error: { code: result.error, cause: result.cause }, path: host.path };
}
