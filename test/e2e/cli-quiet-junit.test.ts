// The built CLI against `fnf local serve`, with flows whose Catch handles an
// error (examples/flows/orders.yaml, test/flows/defs/cf_retry_catch.yaml, an FDL flow below):
// the plain lines tell a caught error as caught (↪), and "Failed step" names
// the step that failed the run; --quiet prints only results (stdout) and why a
// run failed (stderr); --junit writes a caught error as a passing step, a
// failure only for what failed the run.
// Needs `npm run build`.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';
import { readJUnit } from '../helpers/junit.js';
import { stepLines } from './step-lines.js';

/** FDL: a task whose catch goes to a fail step. https://www.alibabacloud.com/help/zh/doc-detail/122501.htm (fail step) */
const FDL_CAUGHT = `version: v1
type: flow
steps:
  - type: task
    name: boom
    resourceArn: acs:fc:cn-hangzhou:123456:services/demo/functions/boom
    catch:
      - errors: [RangeError]
        goto: give_up
  - type: pass
    name: unreachable
  - type: fail
    name: give_up
    error: Gave.Up
    cause: boom was caught
`;

/** A Map and a Parallel, each run twice by its Retry (which re-executes the whole state) before its Catch. */
const RETRIED_THEN_CAUGHT = `Type: StateMachine
SpecVersion: v1
Name: retried_then_caught
StartAt: each
States:
  - Type: Map
    Name: each
    ItemsPath: $Input.items
    Processor:
      StartAt: boom_item
      States:
        - Type: Task
          Name: boom_item
          Action: FC:InvokeFunction
          Parameters:
            resourceArn: acs:fc:::services/demo.LATEST/functions/boom
          End: true
    Retry:
      - Errors: [RangeError]
        MaxAttempts: 1
        IntervalSeconds: 1
    Catch:
      - Errors: [RangeError]
        Next: both
    End: true
  - Type: Parallel
    Name: both
    Branches:
      - StartAt: boom
        States:
          - Type: Task
            Name: boom
            Action: FC:InvokeFunction
            Parameters:
              resourceArn: acs:fc:::services/demo.LATEST/functions/boom
            End: true
      - StartAt: nap
        States:
          - Type: Wait
            Name: nap
            Seconds: 60
            End: true
    Retry:
      - Errors: [RangeError]
        MaxAttempts: 1
        IntervalSeconds: 1
    Catch:
      - Errors: [RangeError]
        Next: recovered
    End: true
  - Type: Pass
    Name: recovered
    End: true
`;

let ep: Endpoint;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fnf-quiet-junit-'));
  const flows = join(work, 'flows');
  const functions = join(work, 'functions');
  mkdirSync(flows);
  mkdirSync(functions);
  copyFileSync(join(ROOT, 'examples/flows/orders.yaml'), join(flows, 'orders.yaml'));
  copyFileSync(join(ROOT, 'test/flows/defs/cf_retry_catch.yaml'), join(flows, 'cf_retry_catch.yaml'));
  copyFileSync(join(ROOT, 'examples/functions/price.mjs'), join(functions, 'price.mjs'));
  for (const f of ['flaky.mjs', 'boom.mjs']) copyFileSync(join(ROOT, 'test/flows/functions', f), join(functions, f));
  writeFileSync(join(flows, 'fdl_caught.yaml'), FDL_CAUGHT);
  writeFileSync(join(flows, 'retried_then_caught.yaml'), RETRIED_THEN_CAUGHT);
  ep = await startEndpoint({ flowsDir: flows, functionsDir: functions, timeScale: 10 });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv, timeoutMs: 25_000 });
const GOOD_ORDER = JSON.stringify({ lines: [{ sku: 'fig', quantity: 2 }] });
// The second line has no sku: price throws InvalidLine, the Map's Catch goes to `rejected` (a Fail state).
const BAD_ORDER = JSON.stringify({ lines: [{ sku: 'fig' }, { quantity: 2 }] });


describe('plain lines with a Catch', () => {
  // The service's error-handling page: after the retries, the first matching Catch rule moves the
  // run to its Next state. https://www.alibabacloud.com/help/en/serverless-workflow/latest/error-handling
  it('a run that succeeded after a caught error: the step is caught (↪), no ✘ anywhere', async () => {
    const res = await fnf(['start', 'cf_retry_catch', '--name', 'caught_plain', '--wait']);
    expect(res.code).toBe(0);
    expect(stepLines(res.stderr)).toEqual([
      '▶ flaky (Task)',
      '! flaky TaskFailed FlakyError: attempt 0 failed',
      '! flaky TaskFailed FlakyError: attempt 1 failed',
      '✔ flaky <d>',
      '▶ boom (Task)',
      // Each attempt's error on its own line; the step's ↪ line does not say it again.
      '! boom TaskFailed RangeError: the order total is negative',
      '! boom TaskFailed RangeError: the order total is negative',
      '↪ boom <d> caught',
      '▶ recovered (Pass)',
      '✔ recovered <d>',
      '✔ Succeeded in <d>',
    ]);
  });

  it('a Catch that leads to a Fail state: the Fail state failed, after the caught step', async () => {
    const res = await fnf(['start', 'orders', '--name', 'rejected_plain', '--input', BAD_ORDER, '--wait']);
    expect(res.code).toBe(1);
    const lines = stepLines(res.stderr);
    expect(lines[0]).toBe('▶ price (Map)');
    expect(lines[1]).toMatch(/^↪ price <d> \(items \d\/2 done, 1 failed\) caught InvalidLine: every line needs a sku$/);
    expect(lines.slice(2)).toEqual([
      '▶ rejected (Fail)',
      '✘ rejected <d> Order.Rejected: a line of the order is invalid',
      '✘ Failed in <d>',
      'Failed step: rejected (Fail state, after price caught InvalidLine)',
      'Error:       Order.Rejected',
      'Cause:       a line of the order is invalid',
      'Details:     fnf describe orders rejected_plain --history',
    ]);
  });

  it('FDL: a catch that leads to a fail step is told the same way', async () => {
    const res = await fnf(['start', 'fdl_caught', '--name', 'fdl_caught_1', '--wait']);
    expect(res.code).toBe(1);
    expect(stepLines(res.stderr)).toEqual([
      '▶ boom (task)',
      '! boom TaskFailed RangeError: the order total is negative',
      '↪ boom <d> caught',
      '▶ give_up (fail)',
      '✘ give_up <d> Gave.Up: boom was caught',
      '✘ Failed in <d>',
      'Failed step: give_up (Fail state, after boom caught RangeError)',
      'Error:       Gave.Up',
      'Cause:       boom was caught',
      'Details:     fnf describe fdl_caught fdl_caught_1 --history',
    ]);
  });

  // "Retry -- Automatically re-executes the failed state" (Parallel and Map included); the page is silent on the
  // history of a retried Parallel or Map: the local endpoint enters its branches and iterations again.
  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/error-handling
  // The Parallel page says nothing of the branches still running when one fails; the local endpoint cancels them,
  // and a step that ended holds nothing running. https://www.alibabacloud.com/help/en/serverless-workflow/latest/parallel
  it('a Map and a Parallel that their Retry runs again: each attempt told in order, what a failed branch cut short stopped, the Map counting its last', async () => {
    const res = await fnf(['start', 'retried_then_caught', '--name', 'retried_1', '--input', '{"items":[1]}', '--wait']);
    expect(res.code).toBe(0);
    expect(stepLines(res.stderr)).toEqual([
      '▶ each (Map)',
      '↪ each <d> (items 0/1 done, 1 failed) caught RangeError: the order total is negative',
      '▶ both (Parallel)',
      '▶ both[0] › boom (Task)',
      '▶ both[1] › nap (Wait <d>)',
      '! both[0] › boom TaskFailed RangeError: the order total is negative',
      '↪ both[0] › boom <d> caught',
      '■ both[1] › nap <d> (stopped)',
      '▶ both[0] › boom (Task)',
      '▶ both[1] › nap (Wait <d>)',
      '! both[0] › boom TaskFailed RangeError: the order total is negative',
      '↪ both[0] › boom <d> caught',
      '■ both[1] › nap <d> (stopped)',
      '↪ both <d> caught RangeError: the order total is negative',
      '▶ recovered (Pass)',
      '✔ recovered <d>',
      '✔ Succeeded in <d>',
    ]);
  });
});

describe('--quiet', () => {
  it('start --wait: the output on stdout, nothing on stderr', async () => {
    const res = await fnf(['-q', 'start', 'orders', '--input', GOOD_ORDER, '--wait']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ lines: [{ sku: 'fig', quantity: 2, total: 7.5 }], first: 'fig' });
    expect(res.stderr).toBe('');
  });

  it('start --wait of a failing run: nothing on stdout, only the failure on stderr', async () => {
    const res = await fnf(['start', 'orders', '--input', BAD_ORDER, '--wait', '--quiet']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    const lines = res.stderr.trimEnd().split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''));
    expect(lines[0]).toMatch(/^✘ Failed in /);
    expect(lines.slice(1, 4)).toEqual([
      'Failed step: rejected (Fail state, after price caught InvalidLine)',
      'Error:       Order.Rejected',
      'Cause:       a line of the order is invalid',
    ]);
    expect(lines.slice(4)).toEqual([expect.stringMatching(/^Details:     fnf describe orders \S+ --history$/)]);
  });

  it('wait of several: a name<TAB>status line each, nothing on stderr when all succeed', async () => {
    for (const name of ['q1', 'q2']) expect((await fnf(['-q', 'start', 'orders', '--name', name, '--input', GOOD_ORDER])).stdout).toBe(`${name}\n`);
    const res = await fnf(['-q', 'wait', 'orders', 'q1', 'q2']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('q1\tSucceeded\nq2\tSucceeded\n');
    expect(res.stderr).toBe('');
  });
});

describe('--junit with a Catch', () => {
  it('a run that succeeded after a caught error: no failure in the report', async () => {
    const file = join(work, 'caught.xml');
    const res = await fnf(['-q', 'start', 'cf_retry_catch', '--name', 'caught_1', '--wait', '--junit', file]);
    expect(res.code).toBe(0);
    const { cases, totals } = readJUnit(readFileSync(file, 'utf8'));
    expect(totals).toEqual({ tests: 3, failures: 0, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome ?? 'passed', c.systemOut])).toEqual([
      ['flaky', 'passed', undefined],
      ['boom', 'passed', 'caught RangeError: the order total is negative'],
      ['recovered', 'passed', undefined],
    ]);
  });

  it('a run that failed after a caught error: the failure is the Fail state, the caught Map passes', async () => {
    const file = join(work, 'rejected.xml');
    const res = await fnf(['start', 'orders', '--name', 'rejected_1', '--input', BAD_ORDER, '--wait', '--junit', file]);
    expect(res.code).toBe(1);
    const { cases, totals } = readJUnit(readFileSync(file, 'utf8'));
    expect(totals).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome ?? 'passed', c.message])).toEqual([
      ['price', 'passed', undefined],
      ['rejected', 'failure', 'Order.Rejected'],
    ]);
    expect(cases[0]!.systemOut).toMatch(/^caught InvalidLine/);
  });
});
