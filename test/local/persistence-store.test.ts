// The execution log format of the Store on real files: one append per write,
// state snapshots taken at checkpoint time, events beyond the last state and
// torn lines dropped on load, bounded growth under many checkpoints.
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/api/types.js';
import { Store, newStoredExecution, type StoredExecution } from '../../src/local/store.js';

function newExecution(name: string): StoredExecution {
  return newStoredExecution({
    flowName: 'flow_a', name, status: 'Running', input: '{"n":1}', startedTime: Date.parse('2026-01-01T00:00:00.000Z'),
    flowDefinition: 'Type: StateMachine', events: [],
  });
}

function addEvent(exec: StoredExecution, type: HistoryEvent['Type']): void {
  exec.events.push({ StepName: 's', Type: type, EventId: exec.events.length + 1, ScheduleEventId: 0, Time: '2026-01-01T00:00:00.000Z', EventDetail: '{}' });
}

const logOf = (dir: string, name: string) => join(dir, 'executions', 'flow_a', `${name}.log`);

describe('Store execution logs', () => {
  it('writes a header, events and state as appended lines, and loads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-store-'));
    const store = new Store(dir);
    const exec = newExecution('one');
    addEvent(exec, 'ExecutionStarted');
    store.flush(exec);
    store.checkpoint(exec, { at: 'wait' });
    store.flush(exec);
    const lines = readFileSync(logOf(dir, 'one'), 'utf8').trim().split('\n').map((l) => Object.keys(JSON.parse(l))[0]);
    expect(lines).toEqual(['h', 'e', 's']);
    const [loaded] = new Store(dir).loadExecutions();
    expect(loaded).toMatchObject({ name: 'one', status: 'Running', input: '{"n":1}', engineState: { at: 'wait' } });
    expect(loaded!.events).toEqual(exec.events);
  });

  it('persists the state as it was at checkpoint time, with the event count it covers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-store-'));
    const store = new Store(dir);
    const exec = newExecution('snap');
    addEvent(exec, 'ExecutionStarted');
    const state = { step: 1 };
    store.checkpoint(exec, state);
    // The engine moves on before the coalesced write happens.
    state.step = 2;
    addEvent(exec, 'StepEntered');
    store.flush(exec);
    const [loaded] = new Store(dir).loadExecutions();
    expect(loaded!.engineState).toEqual({ step: 1 });
    expect(loaded!.events.map((e) => e.Type)).toEqual(['ExecutionStarted']);
    // The file was cut back, so later appends follow the kept event.
    expect(readFileSync(logOf(dir, 'snap'), 'utf8')).not.toContain('StepEntered');
  });

  it('ignores a log whose header is torn (never acknowledged) and cuts a torn last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-store-'));
    const store = new Store(dir);
    const exec = newExecution('kept');
    addEvent(exec, 'ExecutionStarted');
    store.checkpoint(exec, { s: 1 });
    store.flush(exec);
    appendFileSync(logOf(dir, 'kept'), '{"e":{"StepName":"s","Ty');
    appendFileSync(logOf(dir, 'half'), '{"h":{"flowName":"flow_a","na');
    const loaded = new Store(dir).loadExecutions();
    expect(loaded.map((e) => e.name)).toEqual(['kept']);
    expect(readFileSync(logOf(dir, 'kept'), 'utf8').endsWith('\n')).toBe(true);
  });

  it('keeps a log within about twice what it holds under many checkpoints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-store-'));
    const store = new Store(dir);
    const exec = newExecution('busy');
    addEvent(exec, 'ExecutionStarted');
    const big = 'x'.repeat(2000);
    for (let i = 0; i < 500; i++) {
      store.checkpoint(exec, { i, big });
      store.flush(exec);
    }
    expect(statSync(logOf(dir, 'busy')).size).toBeLessThan(2 * 2100 + 70 * 1024);
    const [loaded] = new Store(dir).loadExecutions();
    expect(loaded!.engineState).toEqual({ i: 499, big });
  });

  it('records an end with its result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-store-'));
    const store = new Store(dir);
    const exec = newExecution('ended');
    addEvent(exec, 'ExecutionStarted');
    addEvent(exec, 'ExecutionSucceeded');
    Object.assign(exec, { status: 'Succeeded', output: '{"ok":true}', stoppedTime: exec.startedTime + 5 });
    store.ended(exec);
    const [loaded] = new Store(dir).loadExecutions();
    expect(loaded).toMatchObject({ status: 'Succeeded', output: '{"ok":true}', stoppedTime: exec.startedTime + 5 });
    expect(loaded!.events).toHaveLength(2);
    expect(loaded!.engineState).toBeUndefined();
  });
});
