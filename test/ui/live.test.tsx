import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Execution } from '../../src/api/types.js';
import { colors, headerLine } from '../../src/ui/format.js';
import { LiveStore } from '../../src/ui/live/store.js';
import { LiveView } from '../../src/ui/live/view.js';
import type { FollowControls, RenderContext } from '../../src/ui/renderer.js';
import { StepTree } from '../../src/watch/tree.js';
import type { Snapshot } from '../../src/watch/types.js';
import type { Script } from '../watch/fake-service.js';
import { T0, awaitingCallback, caughtThen, failingMap, historyOf, tenMinuteWait } from '../watch/scripts.js';

process.env.TZ = 'UTC';

const rc: RenderContext = {
  flowName: 'demo',
  executionName: 'exec1',
  resumeCommand: 'fnf wait demo exec1',
  describeCommand: 'fnf describe demo exec1 --output json',
  historyCommand: 'fnf describe demo exec1 --history',
};

/** The snapshot the watcher would build `at` ms into a script. */
function snapshotAt(script: Script, at: number, ended?: Partial<Execution>): Snapshot {
  const tree = new StepTree();
  for (const ev of historyOf(script, at)) tree.apply(ev);
  const execution: Execution = { Name: 'exec1', FlowName: 'demo', Status: 'Running', StartedTime: new Date(T0).toISOString(), ...ended };
  if (ended) tree.end(T0 + at);
  return { flowName: 'demo', executionName: 'exec1', execution, steps: tree.steps, startedAt: T0, done: Boolean(ended), ...(ended ? { endedAt: T0 + at } : {}) };
}

function mount(opts: { showOutput?: boolean } = {}) {
  let now = T0;
  const store = new LiveStore();
  const controls: FollowControls = { detach: vi.fn(), stop: vi.fn(async () => undefined) };
  const view = render(
    <LiveView store={store} rc={rc} controls={controls} c={colors(false)} now={() => now} interactive showOutput={opts.showOutput ?? true} />,
  );
  const at = async (ms: number, snapshot: Snapshot) => {
    now = T0 + ms;
    store.update({ snapshot, events: [] });
    await tick();
  };
  return { store, controls, view, at };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));
let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

describe('live view', () => {
  it('prints finished steps once and shows running Parallel branches as a nested tree', async () => {
    const { view, at } = mount();
    unmounts.push(view.unmount);
    await at(597_200, snapshotAt(tenMinuteWait, 597_200));
    const frame = view.lastFrame()!;
    expect(frame.split('\n').map((l) => l.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '*').trimEnd())).toEqual([
      '✔ prepare  Pass  5ms',
      '✔ fetch  Task  1.9s',
      '✔ settle  Wait  9m55s',
      '* fanout  Parallel  200ms',
      '  * branch 0',
      '    * left  200ms',
      '  * branch 1',
      '    * right  200ms',
      '* Running 9m57s   q detach · s stop · o output',
    ]);
  });

  it('counts down a Wait and summarises a Map in one row', async () => {
    const { view, at } = mount();
    unmounts.push(view.unmount);
    await at(62_000, snapshotAt(tenMinuteWait, 62_000));
    expect(view.lastFrame()).toMatch(/settle {2}Wait {2}8m55s left/);
    const map = mount();
    unmounts.push(map.view.unmount);
    await map.at(1_500, snapshotAt(failingMap, 1_500));
    expect(map.view.lastFrame()).toMatch(/each {2}Map {2}1\.5s {2}items 1\/4 done, 2 running$/m);
  });

  it('ends a failure with the status, duration, failed step, error code, cause and the history command', async () => {
    const { view, at, store } = mount();
    const snapshot = snapshotAt(failingMap, 5_000, { Status: 'Failed', StoppedTime: new Date(T0 + 5_000).toISOString(), ErrorCode: 'Item.Bad', ErrorMessage: 'item 2 is bad' });
    await at(5_000, snapshot);
    store.end({ kind: 'done', snapshot });
    await tick();
    view.unmount();
    const lines = view.lastFrame()!.split('\n');
    expect(lines).toContain('✘ each  Map  3.0s  items 2/4 done, 1 failed  Item.Bad: item 2 is bad');
    expect(lines.slice(-5)).toEqual([
      '✘ Failed in 5.0s',
      'Failed step: each',
      'Error:       Item.Bad',
      'Cause:       item 2 is bad',
      'Details:     fnf describe demo exec1 --history',
    ]);
  });

  it('cuts long output with a note naming the describe command; `o` shows it whole', async () => {
    const output = JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i])));
    const done = (a: number) =>
      snapshotAt(tenMinuteWait, a, { Status: 'Succeeded', StoppedTime: new Date(T0 + 600_000).toISOString(), Output: output });
    const cut = mount();
    await cut.at(600_000, done(600_000));
    cut.store.end({ kind: 'done', snapshot: done(600_000) });
    await tick();
    cut.view.unmount();
    const frame = cut.view.lastFrame()!;
    expect(frame).toContain('✔ Succeeded in 10m00s\n{\n  "key0": 0,');
    expect(frame).toContain('  "key18": 18,\n… 12 more lines; the whole output: fnf describe demo exec1 --output json');
    expect(frame).not.toContain('key19');

    const whole = mount();
    whole.view.stdin.write('o');
    await tick();
    whole.store.end({ kind: 'done', snapshot: done(600_000) });
    await tick();
    whole.view.unmount();
    expect(whole.view.lastFrame()).toContain('  "key29": 29\n}');
    expect(whole.view.lastFrame()).not.toContain('more lines');
  });

  it('detaches with q, and asks before stopping with s', async () => {
    const { view, controls, at } = mount();
    unmounts.push(view.unmount);
    await at(1_000, snapshotAt(tenMinuteWait, 1_000));
    view.stdin.write('s');
    await tick();
    expect(view.lastFrame()).toContain('Stop exec1? (y/n)');
    view.stdin.write('n');
    await tick();
    expect(view.lastFrame()).not.toContain('Stop exec1?');
    view.stdin.write('s');
    await tick();
    view.stdin.write('y');
    await tick();
    expect(controls.stop).toHaveBeenCalledOnce();
    expect(view.lastFrame()).toContain('stopping…');
    expect(controls.detach).not.toHaveBeenCalled();
    view.stdin.write('q');
    await tick();
    expect(controls.detach).toHaveBeenCalledOnce();
  });

  it('leaves at once on a second Ctrl-C during the stop confirmation', async () => {
    const { view, controls } = mount();
    unmounts.push(view.unmount);
    view.stdin.write('s');
    await tick();
    view.stdin.write('\u0003');
    await tick();
    expect(controls.detach).toHaveBeenCalledOnce();
    expect(controls.stop).not.toHaveBeenCalled();
  });
});

describe('an error a Catch handled', () => {
  const spinnerFree = (frame: string) => frame.split('\n').map((l) => l.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '*').trimEnd());

  it('keeps a failed step below until the next step is entered, then prints it once as caught', async () => {
    const { view, at } = mount();
    unmounts.push(view.unmount);
    await at(2_000, snapshotAt(caughtThen('succeeds'), 2_000));
    expect(spinnerFree(view.lastFrame()!)).toEqual([
      '✘ charge  Task  1.0s  Pay.Declined: card <expired>',
      '* Running 2.0s   q detach · s stop · o output',
    ]);
    await at(3_200, snapshotAt(caughtThen('succeeds'), 3_200));
    expect(spinnerFree(view.lastFrame()!)).toEqual([
      '↪ charge  Task  1.0s  caught Pay.Declined: card <expired>',
      '* refund  Task  200ms',
      '* Running 3.2s   q detach · s stop · o output',
    ]);
  });

  it('a Catch that leads to a Fail state: the Fail state failed, after the caught step', async () => {
    const { view, at, store } = mount();
    const snapshot = snapshotAt(caughtThen('fail state'), 3_000, {
      Status: 'Failed', StoppedTime: new Date(T0 + 3_000).toISOString(), ErrorCode: 'Order.Declined', ErrorMessage: 'the payment was declined',
    });
    await at(3_000, snapshot);
    store.end({ kind: 'done', snapshot });
    await tick();
    view.unmount();
    expect(view.lastFrame()!.split('\n')).toEqual([
      '↪ charge  Task  1.0s  caught Pay.Declined: card <expired>',
      '✘ declined  Fail  0ms  Order.Declined: the payment was declined',
      '✘ Failed in 3.0s',
      'Failed step: declined (Fail state, after charge caught Pay.Declined)',
      'Error:       Order.Declined',
      'Cause:       the payment was declined',
      'Details:     fnf describe demo exec1 --history',
    ]);
  });
});

describe('header line', () => {
  it('names the flow and execution and when it started, for the live view to print before Ink loads', () => {
    expect(headerLine('demo', 'exec1', T0, colors(false))).toBe('demo › exec1  started 03:04:05');
  });
});

describe('a task waiting for a callback', () => {
  it('shows the command that answers it under the running step, and drops it once answered', async () => {
    const { view, at } = mount();
    unmounts.push(view.unmount);
    await at(1_000, snapshotAt(awaitingCallback, 1_000));
    expect(view.lastFrame()).toContain("⠋ ask  Task  999ms\n  waits for: fnf task succeed tok-8f2a --output '{…}'");
    await at(5_000, snapshotAt(awaitingCallback, 5_000));
    expect(view.lastFrame()).not.toContain('waits for');
  });
});

