// A failed Task's error, through the built CLI against `fnf local serve`: the
// `!` line of each failed attempt tells it, the step's own ✘ or ↪ line does
// not say it again (plain lines, GitHub groups, GitLab sections, the tagged
// lines of many executions). The run's own Error/Cause lines at the end stay.
// Needs `npm run build`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';
import { stepLines } from './step-lines.js';

/** A Task whose function has no handler in the functions dir: the local endpoint fails it with FC.FunctionNotFound. */
const task = (name: string, handling = '') => `Type: StateMachine
SpecVersion: v1
Name: ${name}
StartAt: call
States:
  - Type: Task
    Name: call
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/s/functions/missing
${handling}    End: true
  - Type: Pass
    Name: recovered
    End: true
`;

// Retry runs the state again after IntervalSeconds, MaxAttempts times; then the first matching Catch rule
// moves the run to its Next state. https://www.alibabacloud.com/help/en/serverless-workflow/latest/error-handling
const FLOWS = {
  no_retry: task('no_retry'),
  retried: task('retried', `    Retry:
      - Errors: [FC.FunctionNotFound]
        IntervalSeconds: 1
        MaxAttempts: 2
`),
  caught: task('caught', `    Catch:
      - Errors: [FC.FunctionNotFound]
        Next: recovered
`),
};

let ep: Endpoint;
let functions: string;

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'fnf-task-errors-'));
  const flows = join(work, 'flows');
  functions = join(work, 'functions');
  mkdirSync(flows);
  mkdirSync(functions);
  for (const [name, text] of Object.entries(FLOWS)) writeFileSync(join(flows, `${name}.yaml`), text);
  ep = await startEndpoint({ flowsDir: flows, functionsDir: functions, timeScale: 10 });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...ep.cliEnv, ...env }, timeoutMs: 25_000 });

/** The error the local endpoint gives the Task (src/local/engine: a function with no handler). */
const ERROR = () => `FC.FunctionNotFound: function s/missing not found: create ${join(functions, 's/missing.mjs')} or ${join(functions, 'missing.mjs')}, or answer the state "call" in a --mocks file`;

/** The step lines (see step-lines.ts) without the CI markup lines, the error as `<error>`. */
function lines(stderr: string): string[] {
  return stepLines(stderr.replaceAll(ERROR(), '<error>')).filter((l) => !l.startsWith('::') && !l.includes('section_'));
}

const FAILED_END = ['✘ Failed in <d>', 'Failed step: call', 'Error:       FC.FunctionNotFound', expect.stringMatching(/^Cause: +function s\/missing not found/), expect.stringMatching(/^Details: /)];

describe('a failed Task tells its error once', () => {
  it('no Retry: on its ! line, not again on its ✘ line (plain, GitHub, GitLab)', async () => {
    const ciEnvs: Array<Record<string, string>> = [{}, { CI: 'true', GITHUB_ACTIONS: 'true' }, { CI: 'true', GITLAB_CI: 'true' }];
    for (const env of ciEnvs) {
      const res = await fnf(['start', 'no_retry', '--wait'], env);
      expect(res.code).toBe(1);
      expect(lines(res.stderr).slice(0, 3), JSON.stringify(env)).toEqual(['▶ call (Task)', '! call TaskFailed <error>', '✘ call <d>']);
      expect(lines(res.stderr).slice(3)).toEqual(FAILED_END);
    }
  });

  it('with Retry: one ! line per failed attempt, each with its error, then ✘ without it', async () => {
    const res = await fnf(['start', 'retried', '--wait']);
    expect(res.code).toBe(1);
    expect(lines(res.stderr)).toEqual([
      '▶ call (Task)',
      '! call TaskFailed <error>',
      '! call TaskFailed <error>',
      '! call TaskFailed <error>',
      '✘ call <d>',
      ...FAILED_END,
    ]);
  });

  it('caught: the ↪ line says caught, the error is on the ! line above it', async () => {
    const res = await fnf(['start', 'caught', '--wait']);
    expect(res.code).toBe(0);
    expect(lines(res.stderr)).toEqual(['▶ call (Task)', '! call TaskFailed <error>', '↪ call <d> caught', '▶ recovered (Pass)', '✔ recovered <d>', '✔ Succeeded in <d>']);
  });

  it('many executions: the same lines, tagged with the execution', async () => {
    const names = ['many_1', 'many_2'];
    for (const name of names) expect((await fnf(['start', 'no_retry', '--name', name])).code).toBe(0);
    const res = await fnf(['wait', 'no_retry', ...names]);
    expect(res.code).toBe(1);
    for (const name of names) {
      const mine = res.stderr.split('\n').filter((l) => l.includes(`[${name}] `)).join('\n');
      expect(lines(mine).slice(0, 3)).toEqual(['▶ call (Task)', '! call TaskFailed <error>', '✘ call <d>']);
    }
  });
});
