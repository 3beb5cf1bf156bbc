// --junit and Catch: an error a Catch handled is not a failure of the run. Its
// step passes (the error in <system-out>); <failure> is kept for the step that
// made the execution fail, and the (execution) case for an end no step explains.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/ui/ci/junit.js';
import type { Snapshot, StepNode } from '../../src/watch/types.js';
import { readJUnit } from '../helpers/junit.js';
import type { Script } from '../watch/fake-service.js';
import { follow } from './follow-helpers.js';

process.env.TZ = 'UTC';

/** `charge` fails with Pay.Declined; a Catch sends the run to `refund`; then the run ends with `status`. */
function caughtThen(status: 'Succeeded' | 'Failed'): Script {
  const failsAgain = status === 'Failed';
  return {
    endAt: 3_000,
    status,
    output: '{"refunded":true}',
    ...(failsAgain ? { errorCode: 'Refund.Failed', errorMessage: 'no refund either' } : {}),
    events: [
      { at: 0, type: 'ExecutionStarted' },
      { at: 0, type: 'StepEntered', step: 'charge', detail: { stateType: 'Task' } }, // 2
      { at: 1_000, type: 'TaskFailed', step: 'charge', parent: 2, detail: { error: 'Pay.Declined', cause: 'card <expired>' } },
      { at: 1_000, type: 'StepFailed', step: 'charge', parent: 2, detail: { error: 'Pay.Declined', cause: 'card <expired>' } },
      { at: 1_000, type: 'StepEntered', step: 'refund', detail: { stateType: 'Task' } }, // 5
      failsAgain
        ? { at: 3_000, type: 'StepFailed', step: 'refund', parent: 5, detail: { error: 'Refund.Failed', cause: 'no refund either' } }
        : { at: 3_000, type: 'StepExited', step: 'refund', parent: 5 },
      { at: 3_000, type: failsAgain ? 'ExecutionFailed' : 'ExecutionSucceeded' },
    ],
  };
}

const reportOf = async (script: Script) => {
  const file = join(mkdtempSync(join(tmpdir(), 'fnf-junit-')), 'run.xml');
  const { code } = await follow(script, { junitFile: file });
  return { code, ...readJUnit(readFileSync(file, 'utf8')) };
};

describe('--junit with a caught error', () => {
  it('a succeeded execution gives a passing report: the caught error is in system-out, not a failure', async () => {
    const { code, cases, totals } = await reportOf(caughtThen('Succeeded'));
    expect(code).toBe(0);
    expect(totals).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome, c.systemOut])).toEqual([
      ['charge', undefined, 'caught Pay.Declined: card <expired>'],
      ['refund', undefined, undefined],
    ]);
  });

  it('a failed execution: only the step that made it fail is a failure', async () => {
    const { code, cases, totals } = await reportOf(caughtThen('Failed'));
    expect(code).toBe(1);
    expect(totals).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    expect(cases.map((c) => [c.name, c.outcome, c.message, c.detail])).toEqual([
      ['charge', undefined, undefined, undefined],
      ['refund', 'failure', 'Refund.Failed', 'no refund either'],
    ]);
  });

  it('a timeout after a caught error: the (execution) case fails, the caught step passes, the cut step is skipped', () => {
    const step = (id: number, name: string, status: StepNode['status'], error?: string): StepNode =>
      ({ id, name, status, enteredAt: 0, exitedAt: 1000, ...(error ? { error, cause: 'went wrong' } : {}) });
    const snapshot: Snapshot = {
      flowName: 'f', executionName: 'e', startedAt: 0, endedAt: 60_000, done: true,
      steps: [step(2, 'try', 'failed', 'Try.Failed'), step(5, 'wait', 'stopped')],
      execution: { Name: 'e', FlowName: 'f', Status: 'TimedOut', StartedTime: '1970-01-01T00:00:00.000Z', ErrorCode: 'States.Timeout', ErrorMessage: 'over 60s' },
    };
    const { cases, totals } = readJUnit(junitXml([snapshot], 60_000));
    expect(totals).toEqual({ tests: 3, failures: 1, errors: 0, skipped: 1 });
    expect(cases.map((c) => [c.name, c.outcome ?? 'passed', c.systemOut])).toEqual([
      ['try', 'passed', 'caught Try.Failed: went wrong'],
      ['wait', 'skipped', undefined],
      ['(execution)', 'failure', undefined],
    ]);
  });
});
