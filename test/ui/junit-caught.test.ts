// --junit and Catch: an error a Catch handled is not a failure of the run. Its
// step passes (the error in <system-out>); <failure> is kept for the step that
// made the execution fail, and the (execution) case for an end no step explains.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJUnit } from '../helpers/junit.js';
import type { Script } from '../watch/fake-service.js';
import { caughtThen } from '../watch/scripts.js';
import { follow } from './follow-helpers.js';

process.env.TZ = 'UTC';

const reportOf = async (script: Script) => {
  const file = join(mkdtempSync(join(tmpdir(), 'fnf-junit-')), 'run.xml');
  const { code } = await follow(script, { junitFile: file });
  return { code, ...readJUnit(readFileSync(file, 'utf8')) };
};

describe('--junit with a caught error', () => {
  it('a succeeded execution gives a passing report: the caught error is in system-out, not a failure', async () => {
    const { code, cases, totals } = await reportOf(caughtThen('succeeds'));
    expect(code).toBe(0);
    expect(totals).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome, c.systemOut])).toEqual([
      ['charge', undefined, 'caught Pay.Declined: card <expired>'],
      ['refund', undefined, undefined],
    ]);
  });

  it('a failed execution: only the step that made it fail is a failure', async () => {
    const { code, cases, totals } = await reportOf(caughtThen('fails'));
    expect(code).toBe(1);
    expect(totals).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome, c.message, c.detail])).toEqual([
      ['charge', undefined, undefined, undefined],
      ['refund', 'failure', 'Refund.Failed', 'no refund either'],
    ]);
  });

  it('a Fail state a Catch led to: the Fail state is the failure, the caught step passes', async () => {
    const { code, cases, totals } = await reportOf(caughtThen('fail state'));
    expect(code).toBe(1);
    expect(totals).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome ?? 'passed', c.message, c.systemOut])).toEqual([
      ['charge', 'passed', undefined, 'caught Pay.Declined: card <expired>'],
      ['declined', 'failure', 'Order.Declined', undefined],
    ]);
  });

  it('a timeout after a caught error: the (execution) case fails, the caught step passes, the cut step is skipped', async () => {
    const { code, cases, totals } = await reportOf(caughtThen('times out'));
    expect(code).toBe(3);
    expect(totals).toEqual({ tests: 3, failures: 1, errors: 0, skipped: 1 });
    expect(cases.map((c) => [c.name, c.outcome ?? 'passed', c.message, c.systemOut])).toEqual([
      ['charge', 'passed', undefined, 'caught Pay.Declined: card <expired>'],
      ['settle', 'skipped', 'stopped when the execution ended', undefined],
      ['(execution)', 'failure', 'FnF.Timeout', undefined],
    ]);
  });
});
