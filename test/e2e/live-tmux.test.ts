// The live views in a real terminal: the built CLI runs inside tmux (100x30,
// or as narrow as 50x20) against a spawned local endpoint; the screen is read with capture-pane.
// Needs the build (`npm run build`) and tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNF_BIN, ROOT, emptyHome, runCli } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('live-tmux: tmux is not installed; skipping the terminal end-to-end tests');

const FLOWS = {
  settle: `Type: StateMachine
SpecVersion: v1
Name: settle
StartAt: prepare
States:
  - Type: Pass
    Name: prepare
    Next: settle
  - Type: Wait
    Name: settle
    Seconds: 4
    Next: fanout
  - Type: Parallel
    Name: fanout
    Branches:
      - StartAt: left
        States:
          - Type: Pass
            Name: left
            End: true
      - StartAt: right
        States:
          - Type: Pass
            Name: right
            End: true
    End: true
`,
  hour: `Type: StateMachine
SpecVersion: v1
Name: hour
StartAt: nap
States:
  - Type: Wait
    Name: nap
    Seconds: 3600
    End: true
`,
  nap_or_fail: `Type: StateMachine
SpecVersion: v1
Name: nap_or_fail
StartAt: check
States:
  - Type: Choice
    Name: check
    Branches:
      - Condition: $Input.fail == true
        Next: boom
    Default: nap
  - Type: Fail
    Name: boom
    Code: Boom
    Detail: on purpose
  - Type: Wait
    Name: nap
    Seconds: 3600
    End: true
`,
};

/** One tmux server per test file (its own socket), so nothing else is touched. */
const SOCKET = `fnf-live-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);
/** Everything the pane ever showed, scrolled-off lines included. */
const history = (session: string) => tmux('capture-pane', '-p', '-S', '-', '-t', session);

/** A capture's lines that show something, without the padding on their right. */
const shownLines = (capture: string) => capture.split('\n').map((l) => l.trimEnd()).filter(Boolean);

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs the CLI in a fresh session (100x30 unless told); the pane shows `EXIT=<code>` when it ends. */
function runInTmux(session: string, ep: Endpoint, args: string[], size = { columns: 100, rows: 30 }): void {
  const env = { ...ep.cliEnv, HOME: emptyHome(), NO_COLOR: '1', TERM: 'xterm-256color', PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const command = [
    'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`),
    shellQuote(process.execPath), shellQuote(FNF_BIN), ...args.map(shellQuote),
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), '-c', ROOT, `${command}; echo EXIT=$?; sleep 60`);
}

async function screenUntil(session: string, test: (s: string) => boolean, what: string, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = screen(session);
    if (test(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasTmux)('live view in tmux', () => {
  let ep: Endpoint;
  beforeAll(async () => {
    const flowsDir = mkdtempSync(join(tmpdir(), 'fnf-live-flows-'));
    for (const [name, definition] of Object.entries(FLOWS)) writeFileSync(join(flowsDir, `${name}.yaml`), definition);
    ep = await startEndpoint({ flowsDir });
  });
  afterAll(async () => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    await ep?.stop();
  });

  it('updates while a Wait runs, then shows the whole tree, the status and the output', async () => {
    runInTmux('wait', ep, ['start', 'settle', '--name', 'tmux_settle', '--input', '{"n":1}', '--wait']);
    const counting = await screenUntil('wait', (s) => /settle {2}Wait {2}[1-4]s left/.test(s), 'the Wait countdown');
    const left = Number(/Wait {2}(\d)s left/.exec(counting)![1]);
    await screenUntil('wait', (s) => new RegExp(`Wait {2}[0-${left - 1}]s left`).test(s) || s.includes('Succeeded'), 'the countdown to move');
    const final = await screenUntil('wait', (s) => s.includes('EXIT='), 'the end');
    const lines = shownLines(final);
    expect(lines[0]).toMatch(/^settle › tmux_settle {2}started \d\d:\d\d:\d\d$/);
    expect(lines.slice(1, 9)).toEqual([
      expect.stringMatching(/^✔ prepare {2}Pass {2}\d+ms$/),
      expect.stringMatching(/^✔ settle {2}Wait {2}4\.\ds$/),
      expect.stringMatching(/^✔ fanout {2}Parallel {2}\d+ms$/),
      '  ✔ branch 0',
      expect.stringMatching(/^ {4}✔ left {2}Pass {2}\d+ms$/),
      '  ✔ branch 1',
      expect.stringMatching(/^ {4}✔ right {2}Pass {2}\d+ms$/),
      expect.stringMatching(/^✔ Succeeded in 4\.\ds$/),
    ]);
    // stdout is the terminal too: the output is shown once, by the view.
    expect(final).toContain('"Branch0": {\n    "n": 1\n  },');
    expect(final.split('"Branch0"').length).toBe(2);
    expect(lines.at(-1)).toBe('EXIT=0');
    // Nothing half-drawn: no spinner or key help left on the screen.
    expect(final).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|q detach/);
  });

  it('detaches on q with exit 130 and the resume command; the execution keeps running', async () => {
    runInTmux('detach', ep, ['start', 'hour', '--name', 'tmux_hour', '--wait']);
    await screenUntil('detach', (s) => s.includes('q detach') && /nap {2}Wait/.test(s), 'the live view');
    tmux('send-keys', '-t', 'detach', 'q');
    const final = await screenUntil('detach', (s) => s.includes('EXIT='), 'the detach');
    expect(final).toMatch(/Detached; tmux_hour keeps running\. Resume with: fnf wait hour tmux_hour/);
    expect(final).toContain('EXIT=130');
    const described = await ep.popClient().request('DescribeExecution', { FlowName: 'hour', ExecutionName: 'tmux_hour' });
    expect(described.Status).toBe('Running');
  });

  it('many executions: Ctrl-C keeps the rows as they stood under the summary and the resume command; exit 130', async () => {
    const pop = ep.popClient();
    for (const [name, fail] of [['many_a', false], ['many_b', true], ['many_c', false]] as const) {
      await pop.request('StartExecution', { FlowName: 'nap_or_fail', ExecutionName: name, Input: JSON.stringify({ fail }) });
    }
    runInTmux('many', ep, ['wait', 'nap_or_fail', 'many_a', 'many_b', 'many_c']);
    await screenUntil('many', (s) => s.includes('q detach') && s.includes('2 running, 1 failed') && /many_c {2}Running {2}nap \(Wait, /.test(s), 'the rows');
    tmux('send-keys', '-t', 'many', 'C-c');
    const final = await screenUntil('many', (s) => s.includes('EXIT='), 'the detach');
    expect(shownLines(final)).toEqual([
      expect.stringMatching(/^✘ many_b {2}Failed {2}\d+ms {2}boom.*: Boom: on purpose$/),
      expect.stringMatching(/^▶ many_a {2}Running {2}nap \(Wait, .+ left\) {2}\d+(\.\ds|ms)$/),
      expect.stringMatching(/^▶ many_c {2}Running {2}nap \(Wait, .+ left\) {2}\d+(\.\ds|ms)$/),
      '3 executions: 2 running, 1 failed',
      'Details of many_b: fnf describe nap_or_fail many_b --history',
      'Detached; 2 keep running. Resume with: fnf wait nap_or_fail many_a many_c',
      'EXIT=130',
    ]);
    expect(final).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|q detach/);
    expect((await pop.request('DescribeExecution', { FlowName: 'nap_or_fail', ExecutionName: 'many_a' })).Status).toBe('Running');
  });

  it('many executions in a 50x20 terminal: q keeps the rows that fit, counts the rest, and prints the whole resume command once', async () => {
    const pop = ep.popClient();
    const names = Array.from({ length: 20 }, (_, i) => `narrow_${String(i + 1).padStart(2, '0')}`);
    for (const name of names) await pop.request('StartExecution', { FlowName: 'nap_or_fail', ExecutionName: name, Input: '{"fail":false}' });
    // --prefix lists the newest first.
    const newestFirst = [...names].reverse();
    runInTmux('narrow', ep, ['wait', 'nap_or_fail', '--prefix', 'narrow_'], { columns: 50, rows: 20 });
    // 20 rows less the lines around the list.
    await screenUntil('narrow', (s) => s.includes('q detach') && /narrow_05 {2}Running {2}nap/.test(s), 'the rows that fit, with their steps');
    tmux('send-keys', '-t', 'narrow', 'q');
    await screenUntil('narrow', (s) => s.includes('EXIT='), 'the detach');
    // The final frame is taller than the terminal: it scrolls, and nothing of it is wiped or repeated.
    // Rows are cut at the terminal's width, as while watching.
    const lines = shownLines(history('narrow'));
    const summaryAt = lines.indexOf('20 executions: 20 running');
    expect(lines.slice(0, summaryAt)).toEqual([
      ...newestFirst.slice(0, 16).map((n) => expect.stringMatching(new RegExp(`^▶ ${n} {2}Running {2}nap \\(Wait, .+ left\\) {2}\\d`))),
      '… and 4 more running',
    ]);
    // Ink wraps the note at the terminal's width.
    expect(lines.slice(summaryAt + 1, -1).join(' ')).toBe(`Detached; 20 keep running. Resume with: fnf wait nap_or_fail ${newestFirst.join(' ')}`);
    expect(lines.at(-1)).toBe('EXIT=130');
  });

  it('wait on an execution that does not exist: the error alone, no header line naming it as started', async () => {
    runInTmux('missing', ep, ['wait', 'hour', 'no_such_run']);
    const final = await screenUntil('missing', (s) => s.includes('EXIT='), 'the end');
    const lines = shownLines(final);
    expect(lines[0]).toMatch(/^fnf: ExecutionNotExists: execution "no_such_run" of flow "hour" does not exist/);
    expect(final).not.toContain('started');
    expect(lines.at(-1)).toBe('EXIT=5');
  });

  it('writes plain lines without escape codes when piped', async () => {
    const res = await runCli(['start', 'settle', '--name', 'piped_settle', '--input', '{"n":2}', '--wait'], {
      env: { ...ep.cliEnv, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' },
    });
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/\u001b|\r/);
    expect(res.stderr).toMatch(/^\d\d:\d\d:\d\d ▶ settle \(Wait 4s\)$/m);
    expect(res.stderr).toMatch(/^\d\d:\d\d:\d\d ✔ Succeeded in 4\.\ds$/m);
    expect(JSON.parse(res.stdout)).toEqual({ Branch0: { n: 2 }, Branch1: { n: 2 } });
    // The CLI leaves soon after the end: the long poll hears of it at once, nothing keeps the process alive.
    const exitedAt = Date.now();
    const described = await ep.popClient().request('DescribeExecution', { FlowName: 'settle', ExecutionName: 'piped_settle' });
    const lagMs = exitedAt - Date.parse(described.StoppedTime);
    console.info(`live-tmux: piped CLI exited ${lagMs} ms after the execution ended`);
    expect(lagMs).toBeLessThan(1_500);
  });
});
