// A test file from a finished execution: its input; every task's recorded
// result or error as call-by-call mocks (answered after the time the call
// took, when that was a second or more, so parallel calls keep their order);
// and its end status, output or error, and path as the expectations. Run
// against the same definition it passes; against a changed one it shows
// where the run now goes elsewhere.
import { Document } from 'yaml';
import type { Execution, HistoryEvent } from '../api/types.js';
import { functionNameOf, jsonOrText } from '../local/engine/tasks.js';
import { parseDetail } from '../watch/tree.js';
import { QUIET } from '../yaml.js';
import { isRecord } from '../is-record.js';

export class NotRecordableError extends Error {}

const OUTCOMES = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']);

/** `7200000` → `2h`; whole seconds otherwise (the test file's duration syntax). */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) if (s % size === 0) return `${s / size}${unit}`;
  return `${s}s`;
}

type Mock = Record<string, unknown>;

/** Each task call (TaskScheduled) with the event that answered it, as a mock, by state name in call order. */
function mocksOf(events: readonly HistoryEvent[]): Map<string, Mock[]> {
  const mocks = new Map<string, Mock[]>();
  events.forEach((scheduled, i) => {
    if (scheduled.Type !== 'TaskScheduled') return;
    const answer = events.slice(i + 1).find((e) => OUTCOMES.has(e.Type) && e.ScheduleEventId === scheduled.ScheduleEventId);
    if (!answer) return;
    const call = parseDetail(scheduled.EventDetail);
    const result = parseDetail(answer.EventDetail);
    const took = Date.parse(answer.Time) - Date.parse(scheduled.Time);
    let mock: Mock;
    if (answer.Type === 'TaskSucceeded') {
      // A function's result reaches the flow as the FC response's Body: the mock stands in for the function.
      const unwrap = !call.taskToken && functionNameOf(call.resourceArn) !== undefined && isRecord(result.output) && 'Body' in result.output && 'StatusCode' in result.output;
      mock = { output: unwrap ? (result.output as Record<string, unknown>).Body : (result.output ?? {}) };
    } else if (answer.Type === 'TaskFailed') {
      mock = { error: { code: result.error ?? 'Error', ...(result.cause ? { cause: result.cause } : {}) } };
    } else {
      // Timed out: an answer that comes after the step's Timeout has passed.
      mock = { output: {}, after: duration(took + 1000) };
    }
    if (took >= 1000 && mock.after === undefined) mock.after = duration(took);
    const list = mocks.get(scheduled.StepName) ?? [];
    list.push(mock);
    mocks.set(scheduled.StepName, list);
  });
  return mocks;
}

function parseJson(text: string | undefined): unknown {
  return text ? jsonOrText(text) : undefined;
}

/**
 * The text of a test file for `execution`, whose flow file is at `flowRef` (relative to the test file).
 * `topLevel` names the flow's own states, when known: an FDL choice's steps are recorded at its level but are not.
 */
export function recordTestFile(execution: Execution, events: readonly HistoryEvent[], flowRef: string, recordedAt: Date, topLevel?: ReadonlySet<string>): string {
  const status = execution.Status;
  if (status !== 'Succeeded' && status !== 'Failed' && status !== 'TimedOut') {
    throw new NotRecordableError(`execution ${execution.Name} is ${status}: only a Succeeded, Failed or TimedOut execution can be recorded`);
  }
  const expect: Record<string, unknown> = { status };
  if (status === 'Succeeded') expect.output = parseJson(execution.Output) ?? {};
  else if (execution.ErrorCode) expect.error = { code: execution.ErrorCode, ...(execution.ErrorMessage ? { cause: execution.ErrorMessage } : {}) };
  expect.path = events.filter((e) => e.Type === 'StepEntered' && e.ScheduleEventId === 0 && (topLevel?.has(e.StepName) ?? true)).map((e) => e.StepName);
  const mocks = mocksOf(events);
  const testCase: Record<string, unknown> = {
    name: `replays ${execution.Name}`,
    input: parseJson(execution.Input) ?? {},
    ...(mocks.size ? { mocks: Object.fromEntries([...mocks].map(([k, list]) => [k, list.length === 1 ? list[0] : list])) } : {}),
    expect,
  };
  if (status === 'TimedOut' && execution.StoppedTime) {
    testCase.timeout = duration(Date.parse(execution.StoppedTime) - Date.parse(execution.StartedTime));
  }
  const doc = new Document({ flow: flowRef, cases: [testCase] }, { ...QUIET });
  doc.commentBefore = ` Recorded by \`fnf test record ${execution.FlowName} ${execution.Name}\` on ${recordedAt.toISOString()}.\n` +
    ' Run it with `fnf test`; edit the mocks and expectations to make it a test of your own.';
  return doc.toString({ lineWidth: 0 });
}
