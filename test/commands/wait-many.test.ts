// fnf wait with several executions: selection, tagged lines, the exit-code rule, --any.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { exitCodeForAll } from '../../src/commands/follow-many.js';
import { fakeClock, testCtx } from '../helpers/ctx.js';
import { fakeServices, whileSleeping, type Script } from '../watch/fake-service.js';
import { caughtThen, quick } from '../watch/scripts.js';

process.env.TZ = 'UTC';

/** Runs `fnf wait demo …` on a fake clock that moves while the watch sleeps. */
async function wait(argv: string[], scripts: Script[]) {
  const clock = fakeClock();
  const client = fakeServices(clock, scripts);
  let ctx!: ReturnType<typeof testCtx>;
  const code = await whileSleeping(clock, (resting) => main(['wait', 'demo', ...argv], (ctx = testCtx({ clock: resting, client }))));
  return { code, ctx, client };
}

const THREE = [quick('a', 'Succeeded', 1_000), quick('b', 'Failed', 3_000), quick('c', 'Stopped', 2_000)];

describe('exit code of many', () => {
  it.each([
    [['Succeeded', 'Succeeded'], 0],
    [['Succeeded', 'Stopped', 'TimedOut'], 3],
    [['Stopped', 'Failed', 'TimedOut'], 1],
    [['Stopped', 'Succeeded'], 4],
    [[], 0],
  ])('%j → %d', (statuses, code) => {
    expect(exitCodeForAll(statuses)).toBe(code);
  });
});

describe('fnf wait <flow> <name>...', () => {
  it('follows every execution, tags each line with its name, and exits with the worst end', async () => {
    const { code, ctx } = await wait(['a', 'b', 'c'], THREE);
    expect(code).toBe(1);
    const lines = ctx.stderr.text.split('\n');
    expect(lines).toContain('03:04:05 [a] ▶ work (Task)');
    expect(lines).toContain('03:04:06 [a] ✔ Succeeded in 1.0s');
    expect(lines).toContain('03:04:08 [b] ✘ Failed in 3.0s');
    expect(lines).toContain('03:04:08 [b] Failed step: work');
    expect(lines).toContain('03:04:08 [b] Details:     fnf describe demo b --history');
    expect(lines.filter((l) => /executions: /.test(l)).map((l) => l.slice(9))).toEqual(['3 executions: 1 succeeded, 1 failed, 1 stopped']);
    expect(ctx.stdout.text).toBe('a\tSucceeded\nb\tFailed\nc\tStopped\n');
  });

  it('tells an error a Catch handled as caught, and the failed step of a Fail state after it', async () => {
    const { code, ctx } = await wait(['ok', 'no'], [
      { ...caughtThen('succeeds'), executionName: 'ok' },
      { ...caughtThen('fail state'), executionName: 'no' },
    ]);
    expect(code).toBe(1);
    const lines = ctx.stderr.text.split('\n');
    // The error is told once, on the attempt's line; the step's line says it was caught.
    expect(lines).toContain('03:04:06 [ok] ! charge TaskFailed Pay.Declined: card <expired>');
    expect(lines).toContain('03:04:06 [ok] ↪ charge 1.0s caught');
    expect(lines).toContain('03:04:06 [no] ↪ charge 1.0s caught');
    expect(lines).toContain('03:04:08 [no] Failed step: declined (Fail state, after charge caught Pay.Declined)');
    expect(ctx.stderr.text).not.toContain('✘ charge');
  });

  it('a name that does not exist exits 5 with the error alone: no tally, no resume note, no status lines', async () => {
    const { code, ctx } = await wait(['a', 'nope'], THREE);
    expect(code).toBe(5);
    expect(ctx.stderr.text).toBe('fnf: fake: no execution nope\n');
    expect(ctx.stderr.text).not.toMatch(/executions: |keep running|Resume with/);
    expect(ctx.stdout.text).toBe('');
  });

  it('--any returns when the first one ends, with its code, and says how to resume the rest', async () => {
    const { code, ctx } = await wait(['b', 'c', '--any'], THREE);
    expect(code).toBe(4);
    expect(ctx.stderr.text).toMatch(/\[c\] ■ Stopped in 2\.0s/);
    expect(ctx.stderr.text).not.toMatch(/\[b\] ✘ Failed/);
    expect(ctx.stderr.text).toMatch(/Done waiting; 1 keeps running\. Resume with: fnf wait demo b\n/);
  });

  it.each([[['-q']], [[]]])('--any %j among executions that had all ended: each shows its end, none is said to keep running', async (flags) => {
    const { code, ctx } = await wait(['a', 'b', '--any', ...flags], [quick('a', 'Succeeded', 0), quick('b', 'Failed', 0)]);
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe('a\tSucceeded\nb\tFailed\n');
    expect(ctx.stderr.text).not.toMatch(/running/);
  });

  it('--prefix selects by name through ListExecutions; --output ndjson tags every event', async () => {
    const { code, ctx, client } = await wait(['--prefix', 'batch-', '-o', 'ndjson'], [quick('batch-1', 'Succeeded', 1_000), quick('batch-2', 'Succeeded', 2_000), quick('other', 'Failed', 500)]);
    expect(code).toBe(0);
    expect(client.calls[0]).toEqual({ action: 'ListExecutions', params: { FlowName: 'demo', Limit: 100, MetadataOnly: true, ExecutionNamePrefix: 'batch-' } });
    const lines = ctx.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(new Set(lines.filter((l) => l.type !== 'Execution').map((l) => l.execution))).toEqual(new Set(['batch-1', 'batch-2']));
    expect(lines.filter((l) => l.type === 'Execution').map((l) => [l.Name, l.Status])).toEqual([['batch-1', 'Succeeded'], ['batch-2', 'Succeeded']]);
  });

  it('--running with --query prints one document of what the query selects', async () => {
    const { code, ctx } = await wait(['--running', '--query', 'Executions[].[Name, Status]'], [quick('a', 'Succeeded', 1_000), quick('b', 'Failed', 2_000)]);
    expect(code).toBe(1);
    expect(JSON.parse(ctx.stdout.text)).toEqual([['a', 'Succeeded'], ['b', 'Failed']]);
  });

  it('nothing selected: nothing to wait for, exit 0', async () => {
    const { code, ctx } = await wait(['--prefix', 'none-'], THREE);
    expect(code).toBe(0);
    expect(ctx.stderr.text).toBe('No executions of demo start with "none-"; nothing to wait for.\n');
  });

  it('nothing selected with --output json or --query: still one document, of no executions', async () => {
    expect(JSON.parse((await wait(['--prefix', 'none-', '-o', 'json'], THREE)).ctx.stdout.text)).toEqual({ Executions: [] });
    expect(JSON.parse((await wait(['--prefix', 'none-', '--query', 'length(Executions)'], THREE)).ctx.stdout.text)).toBe(0);
  });

  it('--timeout ends the watch with 124 and the command that resumes the rest', async () => {
    const { code, ctx } = await wait(['a', 'b', '--timeout', '2s'], [quick('a', 'Succeeded', 1_000), quick('b', 'Succeeded', 600_000)]);
    expect(code).toBe(124);
    // The fake service's long polls move the shared clock in jumps: whether a was seen ending first varies.
    expect(ctx.stderr.text).toMatch(/--timeout 2\.0s elapsed; \d keeps? running\. Resume with: fnf wait demo (a )?b\n/);
  });
});
