// `fnf test record` end to end: executions run on `fnf local serve` with real
// handlers, are recorded by the built CLI, and the recorded files pass under
// `fnf test`; against a changed definition the same file fails and shows where
// the run went elsewhere. Needs `npm run build`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';

const FLOW = `Type: StateMachine
SpecVersion: v1
Name: rec
StartAt: check
States:
  - Type: Task
    Name: check
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/s/functions/check
      body.$: $Input
    OutputConstructor:
      n.$: $Input.n
      ok.$: $Output.Body.ok
    Next: route
  - Type: Choice
    Name: route
    Branches:
      - Condition: $Input.ok == true
        Next: pay
    Default: refuse
  - Type: Task
    Name: pay
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/s/functions/pay
      body.$: $Input
    Catch:
      - Errors: [Pay.TooMuch]
        Next: refuse
    Next: rest
  - {Type: Wait, Name: rest, Seconds: 2, Next: done}
  - {Type: Succeed, Name: done}
  - {Type: Fail, Name: refuse, Code: Order.Refused, Detail: not paid}
`;

let endpoint: Endpoint;
let work: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'fnf-record-'));
  const flows = join(root, 'flows');
  const functions = join(root, 'functions');
  mkdirSync(flows);
  mkdirSync(functions);
  writeFileSync(join(flows, 'rec.yaml'), FLOW);
  writeFileSync(join(functions, 'check.mjs'), 'export const handler = (event) => ({ ok: JSON.parse(event).n > 0 });\n');
  writeFileSync(join(functions, 'pay.mjs'),
    'export function handler(event) {\n  const { n } = JSON.parse(event);\n  if (n > 100) throw Object.assign(new Error(`${n} is too much`), { name: "Pay.TooMuch" });\n  return { paid: n };\n}\n');
  endpoint = await startEndpoint({ flowsDir: flows, functionsDir: functions, timeScale: 10 });
  work = join(root, 'work');
  mkdirSync(work);
  for (const [name, n] of [['small', 5], ['big', 500]] as const) {
    const r = await runCli(['start', 'rec', '--name', name, '--input', JSON.stringify({ n }), '--wait', '--quiet'], { env: endpoint.cliEnv });
    expect(r.code, r.stderr).toBe(name === 'small' ? 0 : 1);
  }
});

afterAll(async () => {
  await endpoint?.stop();
});

const record = (args: string[]) => runCli(['test', 'record', ...args], { env: endpoint.cliEnv, cwd: work });

describe('fnf test record', () => {
  test('a succeeded execution becomes a passing test, its definition saved beside it', async () => {
    const r = await record(['rec', 'small', '-o', 'tests/small.fnf-test.yaml']);
    expect(r.stderr).toContain('Recorded small (Succeeded); its definition is in tests/rec.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tests/small.fnf-test.yaml\n');
    expect(readFileSync(join(work, 'tests', 'rec.yaml'), 'utf8')).toBe(FLOW);
    const text = readFileSync(join(work, 'tests', 'small.fnf-test.yaml'), 'utf8');
    expect(text).toContain('flow: rec.yaml');
    // The functions' own results, not the FC response that wraps them.
    expect(text).toMatch(/check:\s+output:\s+ok: true/);
    expect(text).toMatch(/pay:\s+output:\s+paid: 5/);
    const run = await runCli(['test', 'tests/small.fnf-test.yaml'], { cwd: work });
    expect(run.stdout).toContain('✔ rec › replays small');
    expect(run.code).toBe(0);
  });

  test('a failed execution keeps its task error as a mock and its error as the expectation', async () => {
    const r = await record(['rec', 'big', '-o', 'tests/big.fnf-test.yaml']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(work, 'tests', 'big.fnf-test.yaml'), 'utf8');
    expect(text).toMatch(/pay:\s+error:\s+code: Pay.TooMuch\s+cause: 500 is too much/);
    expect(text).toMatch(/status: Failed\s+error:\s+code: Order.Refused/);
    expect(text).toMatch(/path:\s+- check\s+- route\s+- pay\s+- refuse/);
    const run = await runCli(['test', 'tests/big.fnf-test.yaml'], { cwd: work });
    expect(run.code).toBe(0);
    // @latest-failed names the same execution.
    const latest = await record(['rec', '@latest-failed', '-o', 'tests/latest.fnf-test.yaml']);
    expect(latest.code).toBe(0);
    expect(readFileSync(join(work, 'tests', 'latest.fnf-test.yaml'), 'utf8')).toContain('name: replays big');
  });

  test('against a changed definition (--flow-file), the recorded test shows where the run diverges', async () => {
    writeFileSync(join(work, 'changed.yaml'), FLOW.replace('Condition: $Input.ok == true', 'Condition: $Input.ok == false'));
    const r = await record(['rec', 'small', '-o', 'changed.fnf-test.yaml', '--flow-file', 'changed.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('its definition is in');
    const run = await runCli(['test', 'changed.fnf-test.yaml'], { cwd: work });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('path: diverges at step 3: expected pay, got refuse');
    expect(run.stdout).toContain('status: expected Succeeded, got Failed (Order.Refused: not paid)');
  });

  test('a test file it cannot write exits 2 with one line naming it', async () => {
    writeFileSync(join(work, 'blocker'), '');
    const r = await record(['rec', 'small', '-o', 'blocker/small.fnf-test.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fnf: cannot write blocker/small.fnf-test.yaml: a file is in the way of its directory\n');
    expect(r.stdout).toBe('');
  });

  test('never overwrites a different definition file, and refuses an unknown execution', async () => {
    writeFileSync(join(work, 'rec.yaml'), 'something else\n');
    const r = await record(['rec', 'small']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rec.yaml exists and holds another definition');
    expect(existsSync(join(work, 'rec-small.fnf-test.yaml'))).toBe(false);
    const missing = await record(['rec', 'nope']);
    expect(missing.code).toBe(5);
  });
});
