// Scripted executions shared by the watcher and renderer tests.
import type { HistoryEvent } from '../../src/api/types.js';
import type { Script } from './fake-service.js';

export const T0 = Date.parse('2026-01-02T03:04:05.000Z');

/** The history a script has recorded `until` ms after its start, as the service returns it. */
export function historyOf(script: Script, until = Infinity): HistoryEvent[] {
  return script.events
    .map((e, i) => ({
      EventId: i + 1,
      Type: e.type,
      StepName: e.step ?? '',
      ScheduleEventId: e.parent ?? 0,
      Time: new Date(T0 + e.at).toISOString(),
      EventDetail: JSON.stringify(e.detail ?? {}),
    }))
    .filter((_, i) => script.events[i]!.at <= until);
}

/** Ten minutes, 21 events: Pass, a 2 s Task, a 595 s Wait, a two-branch Parallel. */
export const tenMinuteWait: Script = {
  endAt: 600_000,
  status: 'Succeeded',
  output: '{"ok":true}',
  events: [
    { at: 0, type: 'ExecutionStarted' },
    { at: 5, type: 'StepEntered', step: 'prepare', detail: { stateType: 'Pass' } }, // 2
    { at: 10, type: 'StepExited', step: 'prepare', parent: 2 },
    { at: 10, type: 'StepEntered', step: 'fetch', detail: { stateType: 'Task' } }, // 4
    { at: 12, type: 'TaskScheduled', step: 'fetch', parent: 4 },
    { at: 15, type: 'TaskStarted', step: 'fetch', parent: 4 },
    { at: 2000, type: 'TaskSucceeded', step: 'fetch', parent: 4 },
    { at: 2000, type: 'StepExited', step: 'fetch', parent: 4 },
    { at: 2000, type: 'StepEntered', step: 'settle', detail: { stateType: 'Wait', seconds: 595 } }, // 9
    { at: 597_000, type: 'StepExited', step: 'settle', parent: 9 },
    { at: 597_000, type: 'StepEntered', step: 'fanout', detail: { stateType: 'Parallel' } }, // 11
    { at: 597_000, type: 'BranchEntered', step: 'fanout', parent: 11, detail: { index: 0 } }, // 12
    { at: 597_000, type: 'BranchEntered', step: 'fanout', parent: 11, detail: { index: 1 } }, // 13
    { at: 597_000, type: 'StepEntered', step: 'left', parent: 12 }, // 14
    { at: 597_000, type: 'StepEntered', step: 'right', parent: 13 }, // 15
    { at: 597_500, type: 'StepExited', step: 'left', parent: 14 },
    { at: 597_500, type: 'BranchExited', step: 'fanout', parent: 12 },
    { at: 598_000, type: 'StepExited', step: 'right', parent: 15 },
    { at: 598_000, type: 'BranchExited', step: 'fanout', parent: 13 },
    { at: 598_000, type: 'StepExited', step: 'fanout', parent: 11 },
    { at: 600_000, type: 'ExecutionSucceeded' },
  ],
};

/** A Map over 4 items (MaxConcurrency 2); item 2 fails, the Map catches nothing: the execution fails. */
export const failingMap: Script = {
  endAt: 5_000,
  status: 'Failed',
  errorCode: 'Item.Bad',
  errorMessage: 'item 2 is bad',
  events: [
    { at: 0, type: 'ExecutionStarted' },
    { at: 0, type: 'StepEntered', step: 'each', detail: { stateType: 'Map' } }, // 2
    { at: 0, type: 'StepStarted', step: 'each', parent: 2, detail: { itemsCount: 4 } },
    { at: 0, type: 'IterationEntered', step: 'each', parent: 2, detail: { index: 0 } }, // 4
    { at: 0, type: 'StepEntered', step: 'work', parent: 4 }, // 5
    { at: 0, type: 'IterationEntered', step: 'each', parent: 2, detail: { index: 1 } }, // 6
    { at: 0, type: 'StepEntered', step: 'work', parent: 6 }, // 7
    { at: 1_000, type: 'StepExited', step: 'work', parent: 5 },
    { at: 1_000, type: 'IterationExited', step: 'each', parent: 4 },
    { at: 1_000, type: 'IterationEntered', step: 'each', parent: 2, detail: { index: 2 } }, // 10
    { at: 1_000, type: 'StepEntered', step: 'work', parent: 10 }, // 11
    { at: 2_000, type: 'StepExited', step: 'work', parent: 7 },
    { at: 2_000, type: 'IterationExited', step: 'each', parent: 6 },
    { at: 3_000, type: 'StepFailed', step: 'work', parent: 11, detail: { error: 'Item.Bad', cause: 'item 2 is bad' } },
    { at: 3_000, type: 'IterationExited', step: 'each', parent: 10, detail: { error: 'Item.Bad' } },
    { at: 3_000, type: 'StepFailed', step: 'each', parent: 2, detail: { error: 'Item.Bad', cause: 'item 2 is bad' } },
    { at: 5_000, type: 'ExecutionFailed', detail: { error: 'Item.Bad', cause: 'item 2 is bad' } },
  ],
};

/** A Task that runs ten minutes with no hint of when it ends. */
export const tenMinuteTask: Script = {
  endAt: 600_000,
  status: 'Succeeded',
  output: '{}',
  events: [
    { at: 0, type: 'ExecutionStarted' },
    { at: 0, type: 'StepEntered', step: 'crunch', detail: { stateType: 'Task' } },
    { at: 0, type: 'TaskScheduled', step: 'crunch', parent: 2 },
    { at: 600_000, type: 'TaskSucceeded', step: 'crunch', parent: 2 },
    { at: 600_000, type: 'StepExited', step: 'crunch', parent: 2 },
    { at: 600_000, type: 'ExecutionSucceeded' },
  ],
};

/** A Task that waits for a callback, answered after 5 s. */
export const awaitingCallback: Script = {
  endAt: 5_000,
  status: 'Succeeded',
  output: '{"approved":true}',
  events: [
    { at: 0, type: 'ExecutionStarted' },
    { at: 1, type: 'StepEntered', step: 'ask', detail: { stateType: 'Task' } }, // 2
    { at: 2, type: 'TaskScheduled', step: 'ask', parent: 2, detail: { taskToken: 'tok-8f2a' } },
    { at: 2, type: 'TaskStarted', step: 'ask', parent: 2 },
    { at: 5_000, type: 'TaskSucceeded', step: 'ask', parent: 2 },
    { at: 5_000, type: 'StepExited', step: 'ask', parent: 2 },
    { at: 5_000, type: 'ExecutionSucceeded' },
  ],
};

/** Execution `name`: one Task step `work` that ends at `endAt` ms with `status` (output or error named after it). */
export function quick(name: string, status: Script['status'], endAt: number): Script {
  const failed = status !== 'Succeeded';
  return {
    executionName: name,
    status,
    endAt,
    output: `{"name":"${name}"}`,
    ...(failed ? { errorCode: 'Boom', errorMessage: `${name} broke` } : {}),
    events: [
      { at: 0, type: 'ExecutionStarted' },
      { at: 10, type: 'StepEntered', step: 'work', detail: { stateType: 'Task' } },
      { at: endAt, type: failed ? 'StepFailed' : 'StepExited', step: 'work', parent: 2, ...(failed ? { detail: { error: 'Boom', cause: `${name} broke` } } : {}) },
      { at: endAt, type: status === 'Succeeded' ? 'ExecutionSucceeded' : 'ExecutionFailed' },
    ],
  };
}

export type CaughtEnd = 'succeeds' | 'fails' | 'fail state' | 'times out';

/**
 * `charge` (Task) fails with Pay.Declined at 1 s; its Catch goes on to the
 * next step, entered at 3 s (the service records it at once; the gap lets a
 * watcher see the failure before it knows a Catch handled it). Then, by `end`:
 * `refund` (Task) succeeds; `refund` fails with Refund.Failed; `declined`, a
 * Fail state, fails the execution with Order.Declined; or `settle` (Wait)
 * runs until the execution times out at 60 s.
 */
export function caughtThen(end: CaughtEnd): Script {
  const caught: Script['events'] = [
    { at: 0, type: 'ExecutionStarted' },
    { at: 0, type: 'StepEntered', step: 'charge', detail: { stateType: 'Task' } }, // 2
    { at: 1_000, type: 'TaskFailed', step: 'charge', parent: 2, detail: { error: 'Pay.Declined', cause: 'card <expired>' } },
    { at: 1_000, type: 'StepFailed', step: 'charge', parent: 2, detail: { error: 'Pay.Declined', cause: 'card <expired>' } },
  ];
  const failed = (step: string, stateType: string, error: string, cause: string): Script => ({
    endAt: 3_000,
    status: 'Failed',
    errorCode: error,
    errorMessage: cause,
    events: [
      ...caught,
      { at: 3_000, type: 'StepEntered', step, detail: { stateType } }, // 5
      { at: 3_000, type: 'StepFailed', step, parent: 5, detail: { error, cause } },
      { at: 3_000, type: 'ExecutionFailed', detail: { error, cause } },
    ],
  });
  switch (end) {
    case 'succeeds':
      return {
        endAt: 3_500,
        status: 'Succeeded',
        output: '{"refunded":true}',
        events: [
          ...caught,
          { at: 3_000, type: 'StepEntered', step: 'refund', detail: { stateType: 'Task' } }, // 5
          { at: 3_500, type: 'StepExited', step: 'refund', parent: 5 },
          { at: 3_500, type: 'ExecutionSucceeded' },
        ],
      };
    case 'fails':
      return failed('refund', 'Task', 'Refund.Failed', 'no refund either');
    case 'fail state':
      return failed('declined', 'Fail', 'Order.Declined', 'the payment was declined');
    case 'times out':
      return {
        endAt: 60_000,
        status: 'TimedOut',
        errorCode: 'FnF.Timeout',
        errorMessage: 'the execution did not finish within 60 s',
        events: [
          ...caught,
          { at: 3_000, type: 'StepEntered', step: 'settle', detail: { stateType: 'Wait', seconds: 3600 } },
          { at: 60_000, type: 'ExecutionTimedOut', detail: { error: 'FnF.Timeout', cause: 'the execution did not finish within 60 s' } },
        ],
      };
  }
}

/**
 * An FDL choice `route` whose nested step `hold` (a 30 s wait) runs when the
 * flow's timeoutSeconds (2 s) ends the execution. The choice's nested steps are
 * recorded beside it (ScheduleEventId 0), as the local engine records them
 * (src/local/engine/run.ts, runInline): two top-level steps run at once.
 */
export const choiceCutShort: Script = {
  endAt: 2_000,
  status: 'TimedOut',
  errorCode: 'FnF.Timeout',
  errorMessage: 'the execution did not finish within 2 s',
  events: [
    { at: 0, type: 'ExecutionStarted' },
    { at: 0, type: 'StepEntered', step: 'route', detail: { stateType: 'choice' } }, // 2
    { at: 0, type: 'StepEntered', step: 'hold', detail: { stateType: 'wait', seconds: 30 } }, // 3
    { at: 2_000, type: 'ExecutionTimedOut', detail: { error: 'FnF.Timeout', cause: 'the execution did not finish within 2 s' } },
  ],
};
