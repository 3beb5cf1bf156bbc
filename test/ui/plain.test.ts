import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/ui/github.js';
import { rendererKind } from '../../src/ui/choose.js';
import { testCtx } from '../helpers/ctx.js';
import { awaitingCallback, caughtThen, failingMap, tenMinuteWait } from '../watch/scripts.js';
import type { Script } from '../watch/fake-service.js';
import { follow } from './follow-helpers.js';

process.env.TZ = 'UTC';
const ESC = '\u001b';

describe('plain renderer (no TTY, CI)', () => {
  it('prints one timestamped line per step event, heartbeats through a long Wait, and the output on stdout', async () => {
    const { code, ctx } = await follow(tenMinuteWait);
    expect(code).toBe(0);
    const lines = ctx.stderr.text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '03:04:05 ▶ prepare (Pass)',
      '03:04:05 ✔ prepare 5ms',
      '03:04:05 ▶ fetch (Task)',
      '03:04:07 ✔ fetch 1.9s',
      '03:04:07 ▶ settle (Wait 9m55s)',
    ]);
    expect(lines).toContain('03:05:07 … Running 1m02s; running: settle (Wait, 8m55s left)');
    expect(lines.slice(-9)).toEqual([
      '03:14:02 ✔ settle 9m55s',
      '03:14:02 ▶ fanout (Parallel)',
      '03:14:02 ▶ fanout[0] › left',
      '03:14:02 ▶ fanout[1] › right',
      '03:14:02 ✔ fanout[0] › left 500ms',
      '03:14:03 ✔ fanout[1] › right 1.0s',
      '03:14:03 ✔ fanout 1.0s',
      '03:14:05 ✔ Succeeded in 10m00s',
      '',
    ]);
    // Heartbeats never come closer than 30 s to the previous line.
    const times = lines.filter((l) => l.includes('… Running')).map((l) => l.slice(0, 8));
    expect(times.length).toBeGreaterThanOrEqual(9);
    expect(ctx.stdout.text).toBe('{\n  "ok": true\n}\n');
    expect(ctx.stderr.text).not.toContain(ESC);
    expect(ctx.stderr.text).not.toContain('\r');
  });

  it('tells a failure on stderr: the step, its error and cause, the history command; nothing on stdout', async () => {
    const { code, ctx } = await follow(failingMap);
    expect(code).toBe(1);
    expect(ctx.stderr.text).toBe(
      [
        '03:04:05 ▶ each (Map)',
        '03:04:08 ✘ each 3.0s (items 2/4 done, 1 failed) Item.Bad: item 2 is bad',
        '03:04:10 ✘ Failed in 5.0s',
        '03:04:10 Failed step: each',
        '03:04:10 Error:       Item.Bad',
        '03:04:10 Cause:       item 2 is bad',
        '03:04:10 Details:     fnf describe demo exec1 --history',
        '',
      ].join('\n'),
    );
    expect(ctx.stdout.text).toBe('');
  });

  it('says how to answer a task that waits for a callback', async () => {
    const { code, ctx } = await follow(awaitingCallback);
    expect(code).toBe(0);
    expect(ctx.stderr.text.split('\n').slice(0, 3)).toEqual([
      '03:04:05 ▶ ask (Task)',
      "03:04:05 … ask waits for: fnf task succeed tok-8f2a --output '{…}'",
      '03:04:10 ✔ ask 4.9s',
    ]);
  });

  it('prints the resume command when --timeout elapses, exit 124', async () => {
    const { code, ctx } = await follow(tenMinuteWait, { timeoutMs: 90_000 });
    expect(code).toBe(124);
    expect(ctx.stderr.text.trimEnd().split('\n').at(-1)).toMatch(/^\d\d:\d\d:\d\d --timeout 1m30s elapsed; exec1 keeps running\. Resume with: fnf wait demo exec1$/);
    expect(ctx.stdout.text).toBe('');
  });
});

describe('plain renderer: an error a Catch handled', () => {
  it('is told as caught once the next step is entered, not as a failure, in a run that succeeds', async () => {
    const { code, ctx } = await follow(caughtThen('succeeds'));
    expect(code).toBe(0);
    // The watcher saw charge fail a poll before refund was entered: the line waited, and keeps its time.
    expect(ctx.stderr.text).toBe(
      [
        '03:04:05 ▶ charge (Task)',
        '03:04:06 ! charge TaskFailed Pay.Declined: card <expired>',
        '03:04:06 ↪ charge 1.0s caught',
        '03:04:08 ▶ refund (Task)',
        '03:04:08 ✔ refund 500ms',
        '03:04:08 ✔ Succeeded in 3.5s',
        '',
      ].join('\n'),
    );
  });

  it('a Catch that leads to a Fail state: the Fail state failed, after the caught step', async () => {
    const { code, ctx } = await follow(caughtThen('fail state'));
    expect(code).toBe(1);
    expect(ctx.stderr.text.split('\n').slice(2)).toEqual([
      '03:04:06 ↪ charge 1.0s caught',
      '03:04:08 ▶ declined (Fail)',
      '03:04:08 ✘ declined 0ms Order.Declined: the payment was declined',
      '03:04:08 ✘ Failed in 3.0s',
      '03:04:08 Failed step: declined (Fail state, after charge caught Pay.Declined)',
      '03:04:08 Error:       Order.Declined',
      '03:04:08 Cause:       the payment was declined',
      '03:04:08 Details:     fnf describe demo exec1 --history',
      '',
    ]);
  });

  it('a run that times out after a caught error names no failed step', async () => {
    const { code, ctx } = await follow(caughtThen('times out'));
    expect(code).toBe(3);
    expect(ctx.stderr.text).toContain('03:04:06 ↪ charge 1.0s caught\n');
    expect(ctx.stderr.text).toContain('03:05:05 ■ settle 57.0s (stopped)\n');
    expect(ctx.stderr.text).not.toContain('Failed step');
    expect(ctx.stderr.text).toContain('03:05:05 Error:       FnF.Timeout\n');
  });
});

describe('plain renderer: a failed task attempt', () => {
  /** `call` (Task) fails twice, as a Retry runs it again; the step ends with `stepError`. */
  const twoAttempts = (stepError: { error: string; cause: string }): Script => ({
    endAt: 3_000,
    status: 'Failed',
    errorCode: stepError.error,
    errorMessage: stepError.cause,
    events: [
      { at: 0, type: 'ExecutionStarted' },
      { at: 0, type: 'StepEntered', step: 'call', detail: { stateType: 'Task' } }, // 2
      { at: 1_000, type: 'TaskFailed', step: 'call', parent: 2, detail: { error: 'Net.Reset', cause: 'connection reset' } },
      { at: 2_000, type: 'TaskFailed', step: 'call', parent: 2, detail: { error: 'Net.Refused', cause: 'connection refused' } },
      { at: 2_000, type: 'StepFailed', step: 'call', parent: 2, detail: stepError },
      { at: 3_000, type: 'ExecutionFailed', detail: stepError },
    ],
  });

  it('each attempt\'s error on its ! line; the ✘ line leaves out the one the last ! line told', async () => {
    const { ctx } = await follow(twoAttempts({ error: 'Net.Refused', cause: 'connection refused' }));
    expect(ctx.stderr.text.split('\n').slice(0, 5)).toEqual([
      '03:04:05 ▶ call (Task)',
      '03:04:06 ! call TaskFailed Net.Reset: connection reset',
      '03:04:07 ! call TaskFailed Net.Refused: connection refused',
      '03:04:07 ✘ call 2.0s',
      '03:04:08 ✘ Failed in 3.0s',
    ]);
  });

  it('a step that ends with another error than its last attempt\'s keeps it on its ✘ line', async () => {
    const { ctx } = await follow(twoAttempts({ error: 'Gave.Up', cause: 'no connection' }));
    expect(ctx.stderr.text.split('\n')[3]).toBe('03:04:07 ✘ call 2.0s Gave.Up: no connection');
  });
});

describe('GitHub Actions renderer', () => {
  it('groups top-level steps, annotates the failure and appends a summary table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-gh-'));
    const summary = join(dir, 'summary.md');
    const { code, ctx } = await follow(failingMap, { env: { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(code).toBe(1);
    expect(ctx.stderr.text).toBe(
      [
        '::group::each (Map)',
        '03:04:05 ▶ each (Map)',
        '03:04:08 ✘ each 3.0s (items 2/4 done, 1 failed) Item.Bad: item 2 is bad',
        '::endgroup::',
        '03:04:10 ✘ Failed in 5.0s',
        '03:04:10 Failed step: each',
        '03:04:10 Error:       Item.Bad',
        '03:04:10 Cause:       item 2 is bad',
        '03:04:10 Details:     fnf describe demo exec1 --history',
        '::error title=demo/exec1 Failed::Failed step: each%0AError: Item.Bad%0ACause: item 2 is bad%0ADetails: fnf describe demo exec1 --history',
        '',
      ].join('\n'),
    );
    expect(readFileSync(summary, 'utf8')).toBe(
      [
        '### ✘ demo / exec1: Failed in 5.0s',
        '',
        '**Item.Bad**: item 2 is bad',
        '',
        '| Step | Type | Status | Duration | Notes |',
        '| --- | --- | --- | --- | --- |',
        '| each | Map | ✘ failed | 3.0s | items 2/4 done, 1 failed; Item.Bad: item 2 is bad |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('a caught step: its group closes on its caught line, the annotation and the summary table agree with the text', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'fnf-gh-')), 'summary.md');
    const { code, ctx } = await follow(caughtThen('fail state'), { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(code).toBe(1);
    const lines = ctx.stderr.text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '::group::charge (Task)',
      '03:04:05 ▶ charge (Task)',
      '03:04:06 ! charge TaskFailed Pay.Declined: card <expired>',
      '03:04:06 ↪ charge 1.0s caught',
      '::endgroup::',
      '::group::declined (Fail)',
    ]);
    expect(lines).toContain('::error title=demo/exec1 Failed::Failed step: declined (Fail state, after charge caught Pay.Declined)'
      + '%0AError: Order.Declined%0ACause: the payment was declined%0ADetails: fnf describe demo exec1 --history');
    expect(readFileSync(summary, 'utf8')).toContain([
      '| charge | Task | ↪ caught | 1.0s | Pay.Declined: card <expired> |',
      '| declined | Fail | ✘ failed | 0ms | Order.Declined: the payment was declined |',
    ].join('\n'));
  });

  it('a watch that ends while a failed step waits for its Catch: the step told as it stands, inside its group', async () => {
    const { code, ctx } = await follow(caughtThen('succeeds'), { env: { GITHUB_ACTIONS: 'true' }, timeoutMs: 2_500 });
    expect(code).toBe(124);
    expect(ctx.stderr.text.split('\n').slice(0, 5)).toEqual([
      '::group::charge (Task)',
      '03:04:05 ▶ charge (Task)',
      '03:04:06 ! charge TaskFailed Pay.Declined: card <expired>',
      '03:04:06 ✘ charge 1.0s',
      '::endgroup::',
    ]);
  });

  it('closes the group of a step the end cut short, and escapes workflow-command values', async () => {
    const { ctx } = await follow(tenMinuteWait, { env: { GITHUB_ACTIONS: 'true' }, timeoutMs: 5_000 });
    const lines = ctx.stderr.text.split('\n');
    expect(lines.filter((l) => l === '::endgroup::')).toHaveLength(lines.filter((l) => l.startsWith('::group::')).length);
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a: b, c%')).toBe('a%3A b%2C c%25');
  });
});

describe('rendererKind', () => {
  it('picks one renderer from the output mode, the terminal and the environment', () => {
    const kind = (tty: boolean, env: Record<string, string> = {}, output: 'text' | 'json' | 'ndjson' = 'text') =>
      rendererKind(output, testCtx({ tty, env }));
    expect(kind(true)).toBe('live');
    expect(kind(false)).toBe('plain');
    expect(kind(true, { CI: 'true' })).toBe('plain');
    expect(kind(true, { CI: 'false' })).toBe('live');
    expect(kind(true, { TERM: 'dumb' })).toBe('plain');
    expect(kind(false, { GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(kind(true, {}, 'json')).toBe('json');
    expect(kind(true, { GITHUB_ACTIONS: 'true' }, 'ndjson')).toBe('ndjson');
  });
});
