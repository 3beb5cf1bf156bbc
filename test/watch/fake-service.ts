// A scripted stand-in for the cloud service (the only thing unit tests mock):
// an execution whose history events appear at given offsets on a fake clock.
// DescribeExecution long polls move the clock forward like a real wait would.
import type { ActionMap, Execution, ExecutionStatus, FnfClient, HistoryEvent, EventType } from '../../src/api/types.js';
import { FnfError } from '../../src/errors.js';
import type { Clock } from '../../src/context.js';
import type { FakeClock } from '../helpers/ctx.js';

export interface ScriptedEvent {
  /** ms after the start. */
  at: number;
  type: EventType;
  step?: string;
  /** EventId of the enclosing scope (see src/api/types.ts). */
  parent?: number;
  detail?: Record<string, unknown>;
}

export interface Script {
  flowName?: string;
  executionName?: string;
  events: ScriptedEvent[];
  /** ms after the start when the execution ends with `status`. */
  endAt: number;
  status: Exclude<ExecutionStatus, 'Running' | 'Starting'>;
  output?: string;
  errorCode?: string;
  errorMessage?: string;
  definition?: string;
}

export interface FakeService extends FnfClient {
  counts: Record<string, number>;
  calls: Array<{ action: string; params: Record<string, unknown> }>;
}

export function fakeService(clock: FakeClock, script: Script): FakeService {
  const start = clock.now();
  const flowName = script.flowName ?? 'demo';
  const name = script.executionName ?? 'exec1';
  let endAt = script.endAt;
  let status: Script['status'] = script.status;
  let stopped: { error: string; cause: string } | undefined;
  const iso = (ms: number) => new Date(start + ms).toISOString();
  const all: HistoryEvent[] = script.events.map((e, i) => ({
    EventId: i + 1,
    Type: e.type,
    StepName: e.step ?? '',
    ScheduleEventId: e.parent ?? 0,
    Time: iso(e.at),
    EventDetail: JSON.stringify(e.detail ?? {}),
  }));
  const elapsed = () => clock.now() - start;
  const visible = () => all.filter((_, i) => script.events[i]!.at <= elapsed());

  const execution = (): Execution => {
    const ended = elapsed() >= endAt;
    const exec: Execution = {
      Name: name,
      FlowName: flowName,
      Status: ended ? status : 'Running',
      StartedTime: iso(0),
      Input: '{}',
    };
    if (script.definition) exec.FlowDefinition = script.definition;
    if (ended) {
      exec.StoppedTime = iso(endAt);
      if (status === 'Succeeded') exec.Output = script.output ?? '{}';
      else {
        exec.ErrorCode = stopped?.error ?? script.errorCode ?? 'States.Failed';
        exec.ErrorMessage = stopped?.cause ?? script.errorMessage ?? '';
      }
    }
    return exec;
  };

  const handlers: { [A in keyof ActionMap]?: (p: ActionMap[A]['req']) => Omit<ActionMap[A]['res'], 'RequestId'> } = {
    DescribeExecution(p) {
      const wait = (p.WaitTimeSeconds ?? 0) * 1000;
      if (wait > 0 && elapsed() < endAt) clock.advance(Math.min(wait, endAt - elapsed()));
      return execution();
    },
    GetExecutionHistory(p) {
      const first = p.NextToken ? Number(p.NextToken) : 1;
      const limit = p.Limit ?? 60;
      const shown = visible();
      const events = shown.slice(first - 1, first - 1 + limit);
      const next = first + events.length;
      return { Events: events, ...(next <= shown.length ? { NextToken: String(next) } : {}) };
    },
    StopExecution(p) {
      if (elapsed() >= endAt) throw new FnfError('ExecutionAlreadyCompleted', 'already ended', 400);
      endAt = elapsed();
      status = 'Stopped';
      stopped = { error: p.Error ?? '', cause: p.Cause ?? '' };
      return execution();
    },
  };

  return recordingService(async (action, params, requestNumber) => {
    const handler = handlers[action as keyof ActionMap] as ((p: unknown) => object) | undefined;
    if (!handler) throw new FnfError('ActionNotSupported', `fake: ${action}`, 400);
    await Promise.resolve();
    return { ...handler(params), RequestId: `req-${requestNumber}` };
  }, true);
}

/** A FakeService that records each call (in `calls` and `counts`) before `answer` answers it; `abortable`: an aborted call is refused first, unrecorded. */
function recordingService(
  answer: (action: string, params: Record<string, unknown>, requestNumber: number, opts?: { signal?: AbortSignal }) => Promise<object>,
  abortable = false,
): FakeService {
  const counts: Record<string, number> = {};
  const calls: FakeService['calls'] = [];
  return {
    region: 'cn-test',
    endpoint: 'http://fake',
    get requestCount() {
      return calls.length;
    },
    counts,
    calls,
    async call(action, params, opts) {
      if (abortable && opts?.signal?.aborted) throw new Error('aborted');
      calls.push({ action, params: params as Record<string, unknown> });
      counts[action] = (counts[action] ?? 0) + 1;
      return (await answer(action, params as Record<string, unknown>, calls.length, opts)) as never;
    },
  };
}

/** Several scripted executions of one flow behind one client: requests go to the execution they name; ListExecutions lists them all. */
export function fakeServices(clock: FakeClock, scripts: Script[]): FakeService {
  const services = new Map(scripts.map((s) => [s.executionName ?? 'exec1', fakeService(clock, s)]));
  return recordingService(async (action, p, _requestNumber, opts) => {
    if (action === 'ListExecutions') {
      const listed = [];
      for (const [name, service] of services) {
        if (typeof p.ExecutionNamePrefix === 'string' && !name.startsWith(p.ExecutionNamePrefix)) continue;
        const { RequestId: _r, ...e } = await service.call('DescribeExecution', { FlowName: String(p.FlowName), ExecutionName: name });
        if (p.Status === undefined || e.Status === p.Status) listed.push(e);
      }
      return { Executions: listed, RequestId: 'req-list' };
    }
    const service = services.get(String(p.ExecutionName));
    if (!service) throw new FnfError('ExecutionNotExists', `fake: no execution ${String(p.ExecutionName)}`, 404);
    return service.call(action as never, p as never, opts);
  });
}

/**
 * Runs `work` with a view of `clock` that moves 100 ms at a time whenever the
 * work sleeps on it and nothing else is left to do: a watch with no long poll
 * (which the fake service answers by moving the clock) still reaches its end.
 */
export async function whileSleeping<T>(clock: FakeClock, work: (resting: Clock) => Promise<T>): Promise<T> {
  let sleeping = 0;
  const resting: Clock = {
    now: clock.now,
    sleep: (ms, signal) => {
      sleeping++;
      return clock.sleep(ms, signal).finally(() => sleeping--);
    },
  };
  let running = true;
  const done = work(resting).finally(() => (running = false));
  while (running) {
    await new Promise((resolve) => setImmediate(resolve));
    if (sleeping > 0) clock.advance(100);
  }
  return done;
}
