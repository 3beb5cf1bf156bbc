// Issue 16 through the built CLI against `fnf local serve`: many executions
// at once, @latest, rerun, --query, start --each, and the CI reports.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Endpoint, PopClient } from '../helpers/endpoint.js';
import { startFlowsEndpoint } from './flows.js';
import { untilRunning } from './until.js';

let ep: Endpoint;
let pop: PopClient;

beforeAll(async () => {
  ({ ep, pop } = await startFlowsEndpoint());
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
  runCli(args, { env: { ...ep.cliEnv, ...opts.env }, input: opts.input, timeoutMs: 25_000 });

describe('many executions', () => {
  it('wait follows several at once and exits with the worst end; piped start gives names to capture', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await fnf(['start', 'slow']);
      expect(started.code).toBe(0);
      names.push(started.stdout.trim());
    }
    expect(names.every((n) => /^slow-\d{8}-\d{6}-[0-9a-z]{6}$/.test(n))).toBe(true);
    const watching = fnf(['wait', 'slow', ...names, '--timeout', '20s']);
    await untilRunning(pop, 'slow', names[0]!);
    for (const name of names.slice(0, 2)) expect((await fnf(['stop', 'slow', name])).code).toBe(0);
    await pop.request('StopExecution', { FlowName: 'slow', ExecutionName: names[2], Error: 'Bad', Cause: 'on purpose' });
    const res = await watching;
    expect(res.code).toBe(4);
    expect(res.stdout).toBe(names.map((n) => `${n}\tStopped\n`).join(''));
    for (const name of names) expect(res.stderr).toMatch(new RegExp(`\\[${name}\\] ■ Stopped in `));
    expect(res.stderr).toMatch(/3 executions: 3 stopped\n/);
  });

  it('wait --prefix with one match counts it as one execution', async () => {
    expect((await fnf(['start', 'three_steps', '--name', 'single_1'])).code).toBe(0);
    const res = await fnf(['wait', 'three_steps', '--prefix', 'single_']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/ 1 execution: 1 succeeded\n/);
  });

  it('start --each --wait starts one execution per NDJSON line and follows them together', async () => {
    const res = await fnf(['start', 'three_steps', '--each', '--wait', '-o', 'ndjson'], { input: '{"n":1}\n{"n":2}\n{"n":3}\n' });
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const ends = lines.filter((l) => l.type === 'Execution');
    expect(ends.map((e) => [e.Status, e.Input])).toEqual(expect.arrayContaining([['Succeeded', '{"n":1}'], ['Succeeded', '{"n":2}'], ['Succeeded', '{"n":3}']]));
    expect(lines.filter((l) => l.type === 'StepEntered').every((l) => ends.some((e) => e.Name === l.execution))).toBe(true);
  });

  it('wait --prefix --any returns with the first end, saying how to resume the rest', async () => {
    for (const n of ['pa_1', 'pa_2']) expect((await fnf(['start', 'slow', '--name', n])).code).toBe(0);
    expect((await fnf(['start', 'slow', '--name', 'other_1'])).code).toBe(0);
    const watching = fnf(['wait', 'slow', '--prefix', 'pa_', '--any', '--timeout', '20s']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await fnf(['stop', 'slow', 'pa_1'])).code).toBe(0);
    const res = await watching;
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/\[pa_1\] ■ Stopped in /);
    expect(res.stderr).toMatch(/Done waiting; 1 keeps running\. Resume with: fnf wait slow pa_2\n/);
    expect(res.stderr).not.toContain('other_1');
  });
});

describe('@latest, rerun, --query', () => {
  it('@latest-failed, rerun with --wait, and the failure told with its step and the history command', async () => {
    const first = await fnf(['start', 'fails', '--name', 'to_rerun', '--wait']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('Failed step: boom\n');
    expect(first.stderr).toMatch(/Error: +Boom\n/);
    expect(first.stderr).toContain('Details:     fnf describe fails to_rerun --history\n');
    expect((await fnf(['describe', 'fails', '@latest-failed', '--query', 'Name'])).stdout).toBe('"to_rerun"\n');
    const rerun = await fnf(['rerun', 'fails', '@latest', '--wait', '--query', '[Status, ErrorCode]']);
    expect(rerun.code).toBe(1);
    expect(JSON.parse(rerun.stdout)).toEqual(['Failed', 'Boom']);
    expect(rerun.stderr).toContain('Rerunning to_rerun\n');
  });

  it('a bad --query exits 2 with its column before anything is sent', async () => {
    const res = await fnf(['-v', 'list', 'fails', '--query', 'Executions[?Status==']);
    expect(res.code).toBe(2);
    // -v would log a request: there is none.
    expect(res.stderr).toBe('fnf: --query: invalid JMESPath at column 21: invalid token (EOF): ""\n  Executions[?Status==\n                      ^\n');
  });

  it('off a terminal a missing execution name is a usage error', async () => {
    const res = await fnf(['describe', 'fails']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^fnf: an execution name is required when not running interactively\nUsage: fnf describe \[options\] <flow> \[name\]\n/);
  });
});

describe('CI reports', () => {
  it('--junit and GitLab sections with GITLAB_CI=true; $GITHUB_OUTPUT in GitHub Actions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnf-e2e-ci-'));
    const gitlab = await fnf(['start', 'fails', '--name', 'ci_1', '--wait', '--junit', join(dir, 'junit.xml')], { env: { CI: 'true', GITLAB_CI: 'true' } });
    expect(gitlab.code).toBe(1);
    expect(gitlab.stderr).toMatch(/\u001b\[0Ksection_start:\d+:fnf_step_\d+\r\u001b\[0Kboom \(Fail\)\n/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testcase name="boom" classname="fails.ci_1"');

    const output = join(dir, 'github-output');
    const github = await fnf(['start', 'three_steps', '--name', 'ci_2', '--wait'], { env: { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output } });
    expect(github.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/^name<<(ghadelimiter_\w+)\nci_2\n\1\nstatus<<(ghadelimiter_\w+)\nSucceeded\n\2\noutput<</);
  });
});
