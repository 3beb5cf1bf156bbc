import { describe, expect, it } from 'vitest';
import type { EventType, HistoryEvent } from '../../src/api/types.js';
import { StepTree } from '../../src/watch/tree.js';
import { stateTypesOf } from '../../src/watch/definition.js';
import { T0, caughtThen, failingMap, historyOf, tenMinuteWait } from './scripts.js';

function event(EventId: number, Type: EventType, StepName: string, ScheduleEventId: number, detail: object = {}): HistoryEvent {
  return { EventId, Type, StepName, ScheduleEventId, Time: new Date(T0).toISOString(), EventDetail: JSON.stringify(detail) };
}

/** Events numbered from 1 in the order given: [type, step, ScheduleEventId, detail]. */
function history(...events: Array<[EventType, string, number, object?]>): HistoryEvent[] {
  return events.map(([type, step, scope, detail], i) => event(i + 1, type, step, scope, detail));
}

function treeOf(events: HistoryEvent[], types?: Map<string, string>): StepTree {
  const tree = new StepTree(types);
  for (const ev of events) tree.apply(ev);
  return tree;
}

describe('StepTree', () => {
  it('nests Parallel branches in branch order and times every step', () => {
    const tree = treeOf(historyOf(tenMinuteWait));
    expect(tree.steps.map((s) => [s.name, s.stateType, s.status])).toEqual([
      ['prepare', 'Pass', 'succeeded'],
      ['fetch', 'Task', 'succeeded'],
      ['settle', 'Wait', 'succeeded'],
      ['fanout', 'Parallel', 'succeeded'],
    ]);
    const fanout = tree.steps[3]!;
    expect(fanout.branches!.map((b) => [b.index, b.status, b.steps.map((s) => s.name)])).toEqual([
      [0, 'succeeded', ['left']],
      [1, 'succeeded', ['right']],
    ]);
    expect(tree.steps[1]!.exitedAt! - tree.steps[1]!.enteredAt).toBe(1990);
    expect(tree.steps[2]!.waitUntil).toBe(T0 + 2000 + 595_000);
  });

  it('knows nothing can happen before a running Wait ends, and only then', () => {
    expect(treeOf(historyOf(tenMinuteWait, 2000)).quietUntil()).toBe(T0 + 597_000);
    expect(treeOf(historyOf(tenMinuteWait, 1000)).quietUntil()).toBeUndefined(); // a Task runs
    expect(treeOf(historyOf(tenMinuteWait, 597_000)).quietUntil()).toBeUndefined(); // branches run Pass steps
  });

  it('summarises a Map instead of keeping one node per item, counting failures', () => {
    const running = treeOf(historyOf(failingMap, 1_000)).steps[0]!;
    expect(running.map).toEqual({ total: 4, done: 1, running: 2, failed: 0 });
    expect(running.branches).toBeUndefined();
    const tree = treeOf(historyOf(failingMap));
    expect(tree.steps).toHaveLength(1);
    expect(tree.steps[0]).toMatchObject({
      name: 'each',
      status: 'failed',
      error: 'Item.Bad',
      cause: 'item 2 is bad',
      map: { total: 4, done: 2, running: 0, failed: 1 },
    });
  });

  it('marks what still runs as stopped when the execution ends', () => {
    const tree = treeOf(historyOf(tenMinuteWait, 2000));
    tree.end(T0 + 3000);
    expect(tree.steps[2]).toMatchObject({ name: 'settle', status: 'stopped', exitedAt: T0 + 3000 });
  });

  it('keeps a failed Task running while it may retry, and records the retry count', () => {
    const tree = treeOf(history(
      ['StepEntered', 'call', 0, { stateType: 'Task' }],
      ['TaskFailed', 'call', 1, { error: 'Boom', cause: 'first try' }],
      ['TaskScheduled', 'call', 1, { retryCount: 1 }],
    ));
    expect(tree.steps[0]).toMatchObject({ status: 'running', error: 'Boom', retryCount: 1 });
  });

  it('takes state types from the flow definition when events lack them (CloudFlow YAML and FDL JSON)', async () => {
    const yaml = `Type: StateMachine\nName: f\nStartAt: a\nStates:\n  - Name: a\n    Type: Parallel\n    Branches:\n      - StartAt: w\n        States:\n          - Name: w\n            Type: Wait\n            Seconds: 3\n  - Name: m\n    Type: Map\n    Processor:\n      StartAt: p\n      States:\n        - Name: p\n          Type: Pass\n`;
    expect([...(await stateTypesOf(yaml))]).toEqual([['a', 'Parallel'], ['w', 'Wait'], ['m', 'Map'], ['p', 'Pass']]);
    const fdl = JSON.stringify({ version: 'v1', type: 'flow', steps: [{ type: 'foreach', name: 'loop', steps: [{ type: 'wait', name: 'nap' }] }] });
    const types = await stateTypesOf(fdl);
    expect([...types]).toEqual([['loop', 'foreach'], ['nap', 'wait']]);
    const tree = treeOf([{ EventId: 1, Type: 'StepEntered', ScheduleEventId: 0, StepName: 'loop', Time: new Date(T0).toISOString(), EventDetail: '{}' }], types);
    expect(tree.steps[0]).toMatchObject({ stateType: 'foreach', map: { done: 0, running: 0, failed: 0 } });
    expect(await stateTypesOf('not: [valid')).toEqual(new Map());
  });

  describe('a failure a Catch handled is caught, not failed', () => {
    it('once the next step is entered; a Fail state it leads to is the failure', () => {
      const before = treeOf(historyOf(caughtThen('fail state'), 2_000));
      expect(before.steps.map((s) => [s.name, s.status])).toEqual([['charge', 'failed']]);
      const after = treeOf(historyOf(caughtThen('fail state')));
      expect(after.steps.map((s) => [s.name, s.status, s.error])).toEqual([
        ['charge', 'caught', 'Pay.Declined'],
        ['declined', 'failed', 'Order.Declined'],
      ]);
    });

    it('inside a Parallel branch that goes on, and inside a Parallel that a Catch handles', () => {
      const tree = treeOf(history(
        ['StepEntered', 'fan', 0, { stateType: 'Parallel' }], // 1
        ['BranchEntered', 'fan', 1, { index: 0 }], // 2
        ['BranchEntered', 'fan', 1, { index: 1 }], // 3
        ['StepEntered', 'a', 2], // 4
        ['StepEntered', 'b', 3], // 5
        ['StepFailed', 'a', 4, { error: 'A.Failed' }],
        ['StepEntered', 'a_handler', 2], // 7: a's Catch
        ['StepExited', 'a_handler', 7],
        ['BranchExited', 'fan', 2],
        ['StepFailed', 'b', 5, { error: 'B.Failed' }],
        ['BranchExited', 'fan', 3, { error: 'B.Failed' }],
        ['StepFailed', 'fan', 1, { error: 'B.Failed' }],
      ));
      const fan = tree.steps[0]!;
      const statuses = () => fan.branches!.map((b) => [b.status, ...b.steps.map((s) => `${s.name} ${s.status}`)]);
      expect(fan.status).toBe('failed');
      expect(statuses()).toEqual([['succeeded', 'a caught', 'a_handler succeeded'], ['failed', 'b failed']]);
      tree.apply(event(13, 'StepEntered', 'after', 0)); // fan's Catch
      expect(fan.status).toBe('caught');
      expect(statuses()).toEqual([['succeeded', 'a caught', 'a_handler succeeded'], ['caught', 'b caught']]);
    });

    it('when the step around it ends well, or the execution succeeds', () => {
      const parallel = treeOf(history(
        ['StepEntered', 'fan', 0, { stateType: 'Parallel' }], // 1
        ['BranchEntered', 'fan', 1, { index: 0 }], // 2
        ['StepEntered', 'a', 2], // 3
        ['StepFailed', 'a', 3, { error: 'A.Failed' }],
        ['BranchExited', 'fan', 2],
        ['StepExited', 'fan', 1],
      ));
      expect(parallel.steps[0]!.branches![0]!.steps[0]!.status).toBe('caught');
      const succeeded = treeOf(history(['StepEntered', 'a', 0], ['StepFailed', 'a', 1, { error: 'A.Failed' }], ['ExecutionSucceeded', '', 0]));
      expect(succeeded.steps[0]!.status).toBe('caught');
      const failed = treeOf(history(['StepEntered', 'a', 0], ['StepFailed', 'a', 1, { error: 'A.Failed' }], ['ExecutionFailed', '', 0]));
      expect(failed.steps[0]!.status).toBe('failed');
      // An end told by DescribeExecution before the history's last events were read.
      const told = treeOf(history(['StepEntered', 'a', 0], ['StepFailed', 'a', 1, { error: 'A.Failed' }]));
      told.end(T0, 'Succeeded');
      expect(told.steps[0]!.status).toBe('caught');
    });

    it('a Parallel that failed leaves no branch running, nor a Map any iteration', () => {
      const tree = treeOf(history(
        ['StepEntered', 'fan', 0, { stateType: 'Parallel' }], // 1
        ['BranchEntered', 'fan', 1, { index: 0 }], // 2
        ['BranchEntered', 'fan', 1, { index: 1 }], // 3
        ['StepEntered', 'a', 2], // 4
        ['StepEntered', 'b', 3, { stateType: 'Wait', seconds: 60 }], // 5
        ['StepFailed', 'a', 4, { error: 'A.Failed' }],
        ['BranchExited', 'fan', 2, { error: 'A.Failed' }],
        ['StepFailed', 'fan', 1, { error: 'A.Failed' }], // b gets no event: it was cancelled
        ['StepEntered', 'each', 0, { stateType: 'Map' }], // 9: fan's Catch
        ['IterationEntered', 'each', 9, { index: 0 }], // 10
        ['IterationEntered', 'each', 9, { index: 1 }], // 11
        ['StepEntered', 'work', 10], // 12
        ['StepFailed', 'work', 12, { error: 'Item.Bad' }],
        ['IterationExited', 'each', 10, { error: 'Item.Bad' }],
        ['StepFailed', 'each', 9, { error: 'Item.Bad' }],
      ));
      const [fan, each] = tree.steps;
      expect(fan!.branches!.map((b) => [b.status, ...b.steps.map((s) => `${s.name} ${s.status}`)])).toEqual([['caught', 'a caught'], ['stopped', 'b stopped']]);
      expect(fan!.branches![1]!.steps[0]!.exitedAt).toBe(fan!.exitedAt);
      expect(tree.quietUntil()).toBeUndefined();
      expect(each!.map).toMatchObject({ done: 0, running: 0, failed: 1 });
    });

    it('a Parallel its Retry runs again: the attempt before is handled, the new one keeps branch order', () => {
      const tree = treeOf(history(
        ['StepEntered', 'fan', 0, { stateType: 'Parallel' }], // 1
        ['BranchEntered', 'fan', 1, { index: 0 }], // 2
        ['BranchEntered', 'fan', 1, { index: 1 }], // 3
        ['StepEntered', 'a', 2], // 4
        ['StepEntered', 'b', 3], // 5
        ['StepFailed', 'a', 4, { error: 'A.Failed' }],
        ['BranchExited', 'fan', 2, { error: 'A.Failed' }],
        ['BranchEntered', 'fan', 1, { index: 0 }], // 8: the Retry
        ['BranchEntered', 'fan', 1, { index: 1 }], // 9
        ['StepEntered', 'a', 8], // 10
      ));
      const fan = tree.steps[0]!;
      expect(fan.branches!.map((b) => [b.index, b.status, ...b.steps.map((s) => `${s.name} ${s.status}`)])).toEqual([
        [0, 'caught', 'a caught'], [1, 'stopped', 'b stopped'], [0, 'running', 'a running'], [1, 'running'],
      ]);
    });

    it('a Map its Retry runs again counts the items of the new attempt', () => {
      const tree = treeOf(history(
        ['StepEntered', 'each', 0, { stateType: 'Map' }], // 1
        ['StepStarted', 'each', 1, { itemsCount: 2 }],
        ['IterationEntered', 'each', 1, { index: 0 }], // 3
        ['IterationEntered', 'each', 1, { index: 1 }], // 4
        ['IterationExited', 'each', 3, { error: 'Item.Bad' }],
        ['StepStarted', 'each', 1, { itemsCount: 2 }], // the Retry
        ['IterationEntered', 'each', 1, { index: 0 }], // 7
        ['IterationExited', 'each', 4], // late: the first attempt's
      ));
      expect(tree.steps[0]!.map).toEqual({ total: 2, done: 0, running: 1, failed: 0 });
    });

    it('inside a Map iteration that goes on: the iteration counts as done', () => {
      const tree = treeOf(history(
        ['StepEntered', 'each', 0, { stateType: 'Map' }], // 1
        ['IterationEntered', 'each', 1, { index: 0 }], // 2
        ['StepEntered', 'work', 2], // 3
        ['StepFailed', 'work', 3, { error: 'Item.Bad' }],
        ['StepEntered', 'fallback', 2], // 5: work's Catch
        ['StepExited', 'fallback', 5],
        ['IterationExited', 'each', 2],
        ['IterationEntered', 'each', 1, { index: 1 }], // 8
        ['StepEntered', 'work', 8], // 9
        ['StepFailed', 'work', 9, { error: 'Item.Bad' }],
        ['IterationExited', 'each', 8],
      ));
      expect(tree.steps[0]!.map).toMatchObject({ done: 1, failed: 1 });
    });
  });
});
