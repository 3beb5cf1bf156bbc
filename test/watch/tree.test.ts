import { describe, expect, it } from 'vitest';
import type { EventType, HistoryEvent } from '../../src/api/types.js';
import { StepTree } from '../../src/watch/tree.js';
import { stateTypesOf } from '../../src/watch/definition.js';
import { T0, failingMap, historyOf, tenMinuteWait } from './scripts.js';

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
    const ev = (EventId: number, Type: EventType, ScheduleEventId: number, detail: object): HistoryEvent => ({
      EventId, Type, ScheduleEventId, StepName: 'call', Time: new Date(T0).toISOString(), EventDetail: JSON.stringify(detail),
    });
    const tree = treeOf([
      ev(1, 'StepEntered', 0, { stateType: 'Task' }),
      ev(2, 'TaskFailed', 1, { error: 'Boom', cause: 'first try' }),
      ev(3, 'TaskScheduled', 1, { retryCount: 1 }),
    ]);
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
});
