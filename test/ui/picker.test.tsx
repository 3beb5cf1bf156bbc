import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { Execution } from '../../src/api/types.js';
import { colors } from '../../src/ui/format.js';
import { ExecutionPicker } from '../../src/ui/picker/view.js';

const NOW = Date.parse('2026-01-02T04:00:00.000Z');
const executions: Execution[] = [
  { Name: 'newest', FlowName: 'f', Status: 'Running', StartedTime: '2026-01-02T03:59:50.000Z' },
  { Name: 'older', FlowName: 'f', Status: 'Failed', StartedTime: '2026-01-02T03:00:00.000Z' },
  { Name: 'oldest', FlowName: 'f', Status: 'Succeeded', StartedTime: '2025-12-30T04:00:00.000Z' },
];
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Ink reads keys only once its input hook is attached: on a loaded machine a key may come too early, so press until `done`. */
async function press(view: ReturnType<typeof render>, key: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) {
    view.stdin.write(key);
    await tick();
  }
  expect(done()).toBe(true);
}
const DOWN = '\u001B[B';

function mount(rows = 10) {
  const onDone = vi.fn();
  const view = render(<ExecutionPicker executions={executions} now={NOW} c={colors(false)} rows={rows} onDone={onDone} />);
  return { view, onDone };
}

describe('execution picker', () => {
  it('lists executions newest first with status and age, the cursor on the first', () => {
    const { view } = mount();
    expect(view.lastFrame()!.split('\n').map((l) => l.trimEnd())).toEqual([
      'Pick an execution ↑/↓ move · Enter pick · Esc leave',
      '› ▶ newest  Running    10s ago',
      '  ✘ older   Failed     1h ago',
      '  ✔ oldest  Succeeded  3d ago',
    ]);
    view.unmount();
  });

  it('picks the row under the cursor with Enter', async () => {
    const { view, onDone } = mount();
    await press(view, DOWN, () => view.lastFrame()!.includes('› ✘ older'));
    await press(view, '\r', () => onDone.mock.calls.length > 0);
    expect(onDone).toHaveBeenCalledWith('older');
    await tick();
    expect(view.lastFrame()).toBe('Picked older');
    view.unmount();
  });

  it('leaves without a pick on q', async () => {
    const { view, onDone } = mount();
    await press(view, 'q', () => onDone.mock.calls.length > 0);
    expect(onDone).toHaveBeenCalledWith(undefined);
    view.unmount();
  });

  it('shows a window that follows the cursor when the rows do not fit', async () => {
    const { view } = mount(2);
    await press(view, DOWN, () => view.lastFrame()!.includes('› ✘ older'));
    await press(view, DOWN, () => view.lastFrame()!.includes('› ✔ oldest'));
    expect(view.lastFrame()!.split('\n').slice(1).map((l) => l.trimEnd())).toEqual([
      '  ✘ older   Failed     1h ago',
      '› ✔ oldest  Succeeded  3d ago',
      '3/3',
    ]);
    view.unmount();
  });
});
