import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { Execution } from '../../src/api/types.js';
import { colors } from '../../src/ui/format.js';
import { LiveManyRenderer } from '../../src/ui/many/live-renderer.js';
import { LiveManyStore, LiveManyView } from '../../src/ui/many/live-view.js';
import type { ManyContext } from '../../src/ui/renderer.js';
import type { Snapshot, StepNode } from '../../src/watch/types.js';
import { testCtx } from '../helpers/ctx.js';

const T0 = Date.parse('2026-01-02T03:04:05.000Z');
const mc: ManyContext = {
  flowName: 'f', names: ['a', 'bb', 'c'],
  resumeCommand: (pending) => `fnf wait f ${pending.join(' ')}`,
  historyCommand: (name) => `fnf describe f ${name} --history`,
};

function snapshot(name: string, status: Execution['Status'], steps: StepNode[], extra: Partial<Execution> = {}): Snapshot {
  const done = status !== 'Running';
  return {
    flowName: 'f', executionName: name, steps, startedAt: T0, done,
    execution: { Name: name, FlowName: 'f', Status: status, StartedTime: new Date(T0).toISOString(), ...(done ? { StoppedTime: new Date(T0 + 2000).toISOString() } : {}), ...extra },
  };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A store of mc's executions and the view of it, drawn at `at` (epoch ms). */
function mountView({ at = T0, maxRunningRows = 10, detach = vi.fn(), interactive = false } = {}) {
  const store = new LiveManyStore(mc.names);
  const view = render(<LiveManyView store={store} mc={mc} controls={{ detach }} c={colors(false)} now={() => at} interactive={interactive} maxRunningRows={maxRunningRows} />);
  return { store, view };
}

describe('live view of many executions', () => {
  it('one row per running execution with its current step and duration; ended ones printed once, with the failure', async () => {
    const detach = vi.fn();
    const { store, view } = mountView({ at: T0 + 5_000, detach, interactive: true });
    store.update({ snapshot: snapshot('a', 'Running', [{ id: 2, name: 'charge', stateType: 'Task', status: 'running', enteredAt: T0 }]), events: [] });
    store.update({ snapshot: snapshot('bb', 'Failed', [{ id: 2, name: 'charge', status: 'failed', enteredAt: T0, exitedAt: T0 + 2000, error: 'Card.Declined', cause: 'no funds' }], { ErrorCode: 'Card.Declined', ErrorMessage: 'no funds' }), events: [] });
    await tick();
    const lines = view.lastFrame()!.split('\n').map((l) => l.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '*').trimEnd());
    expect(lines).toEqual([
      '✘ bb  Failed  2.0s  charge: Card.Declined: no funds',
      '* a   Running  charge (Task)  5.0s',
      '* c   connecting',
      '* 2 running, 1 failed 5.0s   q detach',
    ]);
    view.stdin.write('q');
    await tick();
    expect(detach).toHaveBeenCalled();
    store.end({ kind: 'detached', snapshots: [] });
    await tick();
    // The rows stay as they stood, their marks still; an execution never read says so.
    expect(view.lastFrame()!.split('\n').map((l) => l.trimEnd())).toEqual([
      '✘ bb  Failed  2.0s  charge: Card.Declined: no funds',
      '▶ a   Running  charge (Task)  5.0s',
      '? c   not read',
      '3 executions: 2 running, 1 failed',
      'Details of bb: fnf describe f bb --history',
      'Detached; 2 keep running. Resume with: fnf wait f a c',
    ]);
    view.unmount();
  });

  it('the row of a failure after a caught error names the step that failed, not the caught one', async () => {
    const { store, view } = mountView({ at: T0 + 5_000 });
    const steps: StepNode[] = [
      { id: 2, name: 'charge', stateType: 'Task', status: 'caught', enteredAt: T0, exitedAt: T0 + 1000, error: 'Pay.Declined', cause: 'card expired' },
      { id: 5, name: 'declined', stateType: 'Fail', status: 'failed', enteredAt: T0 + 1000, exitedAt: T0 + 1000, error: 'Order.Declined', cause: 'no' },
    ];
    store.update({ snapshot: snapshot('bb', 'Failed', steps, { ErrorCode: 'Order.Declined', ErrorMessage: 'no' }), events: [] });
    await tick();
    expect(view.lastFrame()!.split('\n')[0]).toBe('✘ bb  Failed  2.0s  declined (Fail state, after charge caught Pay.Declined): Order.Declined: no');
    view.unmount();
  });

  it('leaves nothing when none could be read: the error that says why is all there is', async () => {
    const { store, view } = mountView();
    await tick();
    expect(view.lastFrame()).toContain('connecting');
    store.end({ kind: 'unread', snapshots: [] });
    await tick();
    expect(view.lastFrame()).toBe('');
    view.unmount();
  });

  it('counts the running executions that do not fit, while watching and after', async () => {
    const { store, view } = mountView({ maxRunningRows: 1 });
    await tick();
    expect(view.lastFrame()!.split('\n').map((l) => l.trimEnd())).toContain('… and 2 more running');
    store.end({ kind: 'timeout', snapshots: [] });
    await tick();
    expect(view.lastFrame()!.split('\n').map((l) => l.trimEnd()).slice(0, 3)).toEqual(['? a   not read', '… and 2 more running', '3 executions: 3 running']);
    view.unmount();
  });
});

describe('live renderer of many executions', () => {
  it('reads the histories of the running rows on screen, and of the executions that did not succeed', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `e${i}`);
    // 20 rows fit: a terminal of 24 (the default) less the lines around the list.
    const renderer = new LiveManyRenderer(testCtx(), { ...mc, names }, { detach: vi.fn() });
    expect(renderer.wantsHistory(snapshot('e19', 'Running', []))).toBe(true);
    expect(renderer.wantsHistory(snapshot('e20', 'Running', []))).toBe(false);
    // An execution that ends leaves its row to the next one.
    renderer.update({ snapshot: snapshot('e0', 'Succeeded', []), events: [] });
    expect(renderer.wantsHistory(snapshot('e20', 'Running', []))).toBe(true);
    expect(renderer.wantsHistory(snapshot('e21', 'Running', []))).toBe(false);
    expect(renderer.wantsHistory(snapshot('e0', 'Succeeded', []))).toBe(false);
    expect(renderer.wantsHistory(snapshot('e1', 'Failed', []))).toBe(true);
    await renderer.finish({ kind: 'detached', snapshots: [] });
  });
});
