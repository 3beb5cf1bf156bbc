// recordTestFile on histories the local endpoint rarely produces: retries (a
// list of answers, call by call), a timed-out task, a callback task's report,
// a slow answer (`after`), a TimedOut execution, and what cannot be recorded.
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { Execution, HistoryEvent } from '../../src/api/types.js';
import { NotRecordableError, recordTestFile } from '../../src/testing/record.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
let id = 0;
function ev(Type: HistoryEvent['Type'], StepName: string, ScheduleEventId: number, atSeconds: number, detail: object = {}): HistoryEvent {
  return { Type, StepName, ScheduleEventId, EventId: ++id, Time: new Date(T0 + atSeconds * 1000).toISOString(), EventDetail: JSON.stringify(detail) };
}
const exec = (over: Partial<Execution>): Execution => ({
  Name: 'e1', FlowName: 'f', Status: 'Succeeded', StartedTime: new Date(T0).toISOString(), Input: '{"a":1}', Output: '{"ok":true}', ...over,
});
const fc = { resourceArn: 'acs:fc:::services/s/functions/work' };

describe('recordTestFile', () => {
  test('retries become a list, a timeout an answer after it, a callback keeps its report, a slow answer its delay', () => {
    id = 0;
    const events = [
      ev('ExecutionStarted', '', 0, 0),
      ev('StepEntered', 'work', 0, 0), // 2
      ev('TaskScheduled', 'work', 2, 0, fc),
      ev('TaskFailed', 'work', 2, 0, { error: 'Busy', cause: 'later' }),
      ev('TaskScheduled', 'work', 2, 10, fc),
      ev('TaskTimedOut', 'work', 2, 70, { error: 'FnF.Timeout' }),
      ev('TaskScheduled', 'work', 2, 80, fc),
      ev('TaskSucceeded', 'work', 2, 80, { output: { Body: { n: 1 }, StatusCode: 200, Headers: {} } }),
      ev('StepEntered', 'ask', 0, 80), // 9
      ev('TaskScheduled', 'ask', 9, 80, { ...fc, taskToken: 't' }),
      ev('TaskSucceeded', 'ask', 9, 7280, { output: { Body: 'kept as reported', StatusCode: 1 } }),
      ev('ExecutionSucceeded', '', 0, 7280),
    ];
    const doc = parse(recordTestFile(exec({}), events, 'f.yaml', new Date(T0)));
    expect(doc.flow).toBe('f.yaml');
    const [c] = doc.cases;
    expect(c.input).toEqual({ a: 1 });
    expect(c.mocks.work).toEqual([
      { error: { code: 'Busy', cause: 'later' } },
      { output: {}, after: '61s' },
      { output: { n: 1 } },
    ]);
    expect(c.mocks.ask).toEqual({ output: { Body: 'kept as reported', StatusCode: 1 }, after: '2h' });
    expect(c.expect).toEqual({ status: 'Succeeded', output: { ok: true }, path: ['work', 'ask'] });
  });

  test('a TimedOut execution keeps its error and gets its running time as the case timeout', () => {
    const text = recordTestFile(exec({ Status: 'TimedOut', Output: undefined, ErrorCode: 'FnF.Timeout', ErrorMessage: 'too long', StoppedTime: new Date(T0 + 86_400_000).toISOString() }), [], 'f.yaml', new Date(T0));
    const [c] = parse(text).cases;
    expect(c.timeout).toBe('1d');
    expect(c.expect).toEqual({ status: 'TimedOut', error: { code: 'FnF.Timeout', cause: 'too long' }, path: [] });
    expect(text.startsWith('# Recorded by `fnf test record f e1` on 2026-01-01T00:00:00.000Z.\n')).toBe(true);
  });

  test.each(['Running', 'Stopped'] as const)('refuses a %s execution', (Status) => {
    expect(() => recordTestFile(exec({ Status }), [], 'f.yaml', new Date(T0))).toThrow(NotRecordableError);
  });
});
