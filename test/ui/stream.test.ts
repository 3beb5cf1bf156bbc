import { describe, expect, it } from 'vitest';
import { failingMap, tenMinuteWait } from '../watch/scripts.js';
import { follow } from './follow-helpers.js';

describe('--output ndjson', () => {
  it('streams one object per event and ends with the execution', async () => {
    const { code, ctx } = await follow(tenMinuteWait, { output: 'ndjson' });
    expect(code).toBe(0);
    const lines = ctx.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(tenMinuteWait.events.length + 1);
    expect(lines[8]).toEqual({
      type: 'StepEntered',
      step: 'settle',
      time: '2026-01-02T03:04:07.000Z',
      EventId: 9,
      Type: 'StepEntered',
      StepName: 'settle',
      ScheduleEventId: 0,
      Time: '2026-01-02T03:04:07.000Z',
      EventDetail: '{"stateType":"Wait","seconds":595}',
    });
    expect(lines.at(-1)).toEqual({
      type: 'Execution',
      Name: 'exec1',
      FlowName: 'demo',
      Status: 'Succeeded',
      StartedTime: '2026-01-02T03:04:05.000Z',
      StoppedTime: '2026-01-02T03:14:05.000Z',
      Input: '{}',
      Output: '{"ok":true}',
    });
    expect(ctx.stderr.text).toBe('');
  });

  it('ends with the latest execution and the resume command on stderr when --timeout elapses', async () => {
    const { code, ctx } = await follow(tenMinuteWait, { output: 'ndjson', timeoutMs: 30_000 });
    expect(code).toBe(124);
    const last = JSON.parse(ctx.stdout.text.trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'Execution', Status: 'Running' });
    expect(ctx.stderr.text).toContain('Resume with: fnf wait demo exec1');
  });
});

describe('--output json', () => {
  it('prints nothing until the end, then one document with the API field names', async () => {
    const writes: number[] = [];
    const { code, ctx } = await follow(failingMap, {
      output: 'json',
      before: (c) => {
        const write = c.stdout.write.bind(c.stdout);
        c.stdout.write = ((chunk: string) => {
          writes.push(c.clock.now());
          return write(chunk);
        }) as typeof c.stdout.write;
      },
    });
    // One write, after the end (5 s into the execution).
    expect(writes).toEqual([Date.parse('2026-01-02T03:04:10.000Z')]);
    expect(code).toBe(1);
    expect(JSON.parse(ctx.stdout.text)).toEqual({
      Name: 'exec1',
      FlowName: 'demo',
      Status: 'Failed',
      StartedTime: '2026-01-02T03:04:05.000Z',
      StoppedTime: '2026-01-02T03:04:10.000Z',
      Input: '{}',
      ErrorCode: 'Item.Bad',
      ErrorMessage: 'item 2 is bad',
    });
    expect(ctx.stdout.text.trimEnd().split('\n').length).toBeGreaterThan(1);
  });
});
