// -q/--quiet ("print only results"): a watch prints its result on stdout and,
// on stderr, only why it failed or stopped short; no step lines, heartbeat,
// summary, live view or CI groups.
import { describe, expect, it } from 'vitest';
import type { FnfClient } from '../../src/api/types.js';
import { main } from '../../src/cli.js';
import { runFlowsDelete } from '../../src/commands/flows-delete.js';
import { systemClock } from '../../src/context.js';
import { fakeClock, testCtx } from '../helpers/ctx.js';
import { execution, fakeClient, type Handlers } from './fake-client.js';
import { fakeServices, whileSleeping, type Script } from '../watch/fake-service.js';
import { quick } from '../watch/scripts.js';

process.env.TZ = 'UTC';

/** `fnf <argv>` on a fake clock that moves while the watch sleeps (a 2-minute run outlasts the 30 s heartbeat). */
async function fnf(argv: string[], scripts: Script[], opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  const clock = fakeClock();
  const client = fakeServices(clock, scripts);
  let ctx!: ReturnType<typeof testCtx>;
  const code = await whileSleeping(clock, (resting) => main(argv, (ctx = testCtx({ clock: resting, client, tty: opts.tty, env: opts.env }))));
  return { code, ctx };
}

const SLOW_OK = quick('a', 'Succeeded', 120_000);
const SLOW_FAIL = quick('b', 'Failed', 120_000);

describe('--quiet, one execution', () => {
  it('without it, a plain watch prints steps, heartbeats and a summary on stderr (what --quiet takes away)', async () => {
    const { ctx } = await fnf(['wait', 'demo', 'a'], [SLOW_OK]);
    expect(ctx.stderr.text).toContain('▶ work (Task)');
    expect(ctx.stderr.text).toContain('… Running');
    expect(ctx.stderr.text).toContain('✔ Succeeded in 2m');
  });

  it.each([['-q', 'wait', 'demo', 'a'], ['wait', 'demo', 'a', '--quiet']])('%j: the output on stdout, nothing on stderr', async (...argv) => {
    const { code, ctx } = await fnf(argv, [SLOW_OK]);
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe('{\n  "name": "a"\n}\n');
    expect(ctx.stderr.text).toBe('');
  });

  it('on a terminal: no live view either', async () => {
    const { code, ctx } = await fnf(['-q', 'wait', 'demo', 'a'], [SLOW_OK], { tty: true });
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe('{\n  "name": "a"\n}\n');
    expect(ctx.stderr.text).toBe('');
  });

  it('a failure still says on stderr which step failed, and why; no step lines', async () => {
    const { code, ctx } = await fnf(['-q', 'wait', 'demo', 'b'], [SLOW_FAIL]);
    expect(code).toBe(1);
    expect(ctx.stdout.text).toBe('');
    const lines = ctx.stderr.text.trimEnd().split('\n');
    expect(lines[0]).toBe('03:06:05 ✘ Failed in 2m00s');
    expect(lines).toContain('03:06:05 Failed step: work');
    expect(lines).toContain('03:06:05 Details:     fnf describe demo b --history');
    expect(ctx.stderr.text).not.toContain('▶');
    expect(ctx.stderr.text).not.toContain('…');
  });

  it('--timeout still says the execution keeps running and how to resume', async () => {
    const { code, ctx } = await fnf(['-q', 'wait', 'demo', 'a', '--timeout', '1m'], [SLOW_OK]);
    expect(code).toBe(124);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toMatch(/^\S+ --timeout 1m00s elapsed; a keeps running\. Resume with: fnf wait demo a\n$/);
  });

  it('in GitHub Actions: no groups, the error annotation stays', async () => {
    const { ctx } = await fnf(['-q', 'wait', 'demo', 'b'], [SLOW_FAIL], { env: { GITHUB_ACTIONS: 'true' } });
    expect(ctx.stderr.text).not.toContain('::group::');
    expect(ctx.stderr.text).toMatch(/^::error title=demo\/b Failed::/m);
  });
});

describe('--quiet, many executions', () => {
  const THREE = [quick('a', 'Succeeded', 1_000), quick('b', 'Failed', 60_000), quick('c', 'Succeeded', 120_000)];

  it('name<TAB>status lines on stdout; on stderr only the failure', async () => {
    const { code, ctx } = await fnf(['-q', 'wait', 'demo', 'a', 'b', 'c'], THREE);
    expect(code).toBe(1);
    expect(ctx.stdout.text).toBe('a\tSucceeded\nb\tFailed\nc\tSucceeded\n');
    const lines = ctx.stderr.text.trimEnd().split('\n');
    expect(lines[0]).toBe('03:05:05 [b] ✘ Failed in 1m00s');
    expect(lines).toContain('03:05:05 [b] Failed step: work');
    expect(lines.filter((l) => !l.includes('[b]'))).toEqual([]);
  });

  it('on a terminal: the same, no live rows', async () => {
    const { ctx } = await fnf(['-q', 'wait', 'demo', 'a', 'c'], THREE, { tty: true });
    expect(ctx.stdout.text).toBe('a\tSucceeded\nc\tSucceeded\n');
    expect(ctx.stderr.text).toBe('');
  });

  it('--any still names what keeps running', async () => {
    const { code, ctx } = await fnf(['-q', 'wait', 'demo', 'a', 'c', '--any'], THREE);
    expect(code).toBe(0);
    expect(ctx.stderr.text).toMatch(/^\S+ Done waiting; 1 keeps running\. Resume with: fnf wait demo c\n$/);
  });
});

describe('--quiet, other commands', () => {
  /** `fnf flows` on a terminal, the service answering after 900 ms (a spinner shows after 250 ms). */
  async function slowFlows(argv: string[]) {
    const client = { call: () => new Promise((resolve) => setTimeout(() => resolve({ Flows: [] }), 900)) } as unknown as FnfClient;
    const ctx = testCtx({ clock: systemClock, tty: true, client });
    const code = await main(argv, ctx);
    return { code, ctx };
  }

  it('no spinner on a terminal (and no "No flows found")', async () => {
    const shown = await slowFlows(['flows']);
    expect(shown.ctx.stderr.text).toContain('Listing flows');
    const { code, ctx } = await slowFlows(['flows', '-q']);
    expect(code).toBe(0);
    expect(ctx.stderr.text).toBe('');
  });
});

describe('--quiet, the notes of other commands', () => {
  // What each command says on stderr besides its result, and the client it says it with.
  const notes: Array<[string, string[], Handlers, string]> = [
    ['flows', ['flows'], { ListFlows: () => ({ RequestId: 'r', Flows: [] }) }, 'No flows found.\n'],
    ['list', ['list', 'demo'], { ListExecutions: () => ({ RequestId: 'r', Executions: [] }) }, 'No executions found for flow demo.\n'],
    ['schedules list', ['schedules', 'list', 'demo'], { ListSchedules: () => ({ RequestId: 'r', Schedules: [] }) }, 'No schedules found.\n'],
    ['schedules delete', ['schedules', 'delete', 'demo', 'nightly', '--yes'], { DeleteSchedule: () => ({ RequestId: 'r' }) }, 'Deleted schedule nightly of flow demo\n'],
    ['flows delete', ['flows', 'delete', 'demo', '--yes'], { DescribeFlow: () => ({ RequestId: 'r' }) as never, DeleteFlow: () => ({ RequestId: 'r' }) }, 'Deleted demo\n'],
    ['wait --prefix', ['wait', 'demo', '--prefix', 'x'], { ListExecutions: () => ({ RequestId: 'r', Executions: [] }) }, 'No executions of demo start with "x"; nothing to wait for.\n'],
    ['start', ['start', 'demo', '--name', 'r1'], { StartExecution: () => execution({ Name: 'r1' }) }, 'Started r1 (Running)\n'],
    ['rerun', ['rerun', 'demo', 'e1'], { DescribeExecution: () => execution(), StartExecution: () => execution({ Name: 'r1' }) }, 'Rerunning e1\n'],
  ];

  async function run(argv: string[], handlers: Handlers) {
    const ctx = testCtx({ client: fakeClient(handlers) });
    const code = await main(argv, ctx);
    return { code, ctx };
  }

  it.each(notes)('%s: the note without -q, none with -q before or after the command', async (_name, argv, handlers, note) => {
    expect((await run(argv, handlers)).ctx.stderr.text).toContain(note);
    for (const quiet of [['-q', ...argv], [...argv, '--quiet']]) {
      const { code, ctx } = await run(quiet, handlers);
      expect(code).toBe(0);
      expect(ctx.stderr.text).toBe('');
    }
  });

  it('a command run without the command line reads --quiet where the renderers do, from ctx.io', async () => {
    const ctx = testCtx({ client: fakeClient({ DescribeFlow: () => ({ RequestId: 'r' }) as never, DeleteFlow: () => ({ RequestId: 'r' }) }) });
    ctx.io.quiet = true;
    expect(await runFlowsDelete({ names: ['demo'], yes: true, globals: {} }, ctx)).toBe(0);
    expect(ctx.stderr.text).toBe('');
  });
});
