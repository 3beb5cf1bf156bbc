// JUnit XML, the test report every CI system reads (GitLab, Jenkins, Azure
// Pipelines…): one testsuite per execution, one testcase per top-level step,
// a failure element with the step's error code and cause. An error a Catch
// handled (status `caught` in the watcher's step tree) is not a failure of
// the run: that step passes, the error in its system-out, so a succeeded
// execution never yields a failing report.
import type { Snapshot, StepNode } from '../../watch/types.js';
import { stepErrorNote } from '../steps.js';
import { xmlAttr, xmlText } from './xml.js';

export function junitXml(snapshots: readonly Snapshot[], now: number): string {
  const suites = snapshots.map((s) => suite(s, now));
  const count = (key: 'tests' | 'failures' | 'skipped' | 'time') => suites.reduce((n, s) => n + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="fnf" tests="${count('tests')}" failures="${count('failures')}" errors="0" skipped="${count('skipped')}" time="${count('time').toFixed(3)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  skipped: number;
  /** Seconds the execution ran. */
  time: number;
}

function suite(s: Snapshot, now: number): Suite {
  const { execution } = s;
  const classname = `${s.flowName}.${s.executionName}`;
  const time = seconds((s.endedAt ?? now) - s.startedAt);
  const cases = s.steps.map((node) => stepCase(node, classname, now));
  // An execution can fail with no step to blame (a timeout between steps, a stop): one case says so.
  if (execution.Status !== 'Succeeded' && s.done && !cases.some((c) => c.failed)) {
    cases.push({
      xml: testcase('(execution)', classname, time,
        failure(execution.ErrorCode ?? execution.Status, execution.ErrorMessage ?? `the execution ended ${execution.Status}`)),
      failed: true, skipped: false,
    });
  }
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const attrs = [
    `name="${xmlAttr(`${s.flowName}/${s.executionName}`)}"`, `tests="${cases.length}"`, `failures="${failures}"`, 'errors="0"', `skipped="${skipped}"`,
    `time="${time.toFixed(3)}"`, `timestamp="${xmlAttr(execution.StartedTime)}"`,
  ];
  return {
    xml: [`  <testsuite ${attrs.join(' ')}>`, ...cases.map((c) => c.xml), '  </testsuite>'].join('\n'),
    tests: cases.length,
    failures,
    skipped,
    time,
  };
}

function stepCase(node: StepNode, classname: string, now: number): { xml: string; failed: boolean; skipped: boolean } {
  const time = seconds((node.exitedAt ?? now) - node.enteredAt);
  switch (node.status) {
    case 'succeeded':
      return { xml: testcase(node.name, classname, time), failed: false, skipped: false };
    case 'caught':
      return { xml: testcase(node.name, classname, time, systemOut(stepErrorNote(node))), failed: false, skipped: false };
    case 'failed':
      return { xml: testcase(node.name, classname, time, failure(node.error ?? 'Failed', node.cause ?? '')), failed: true, skipped: false };
    case 'stopped':
      return { xml: testcase(node.name, classname, time, '<skipped message="stopped when the execution ended"/>'), failed: false, skipped: true };
    case 'running':
      return { xml: testcase(node.name, classname, time, '<skipped message="still running when fnf stopped waiting"/>'), failed: false, skipped: true };
  }
}

function testcase(name: string, classname: string, time: number, body?: string): string {
  const open = `    <testcase name="${xmlAttr(name)}" classname="${xmlAttr(classname)}" time="${time.toFixed(3)}"`;
  return body ? `${open}>\n      ${body}\n    </testcase>` : `${open}/>`;
}

function failure(code: string, cause: string): string {
  return `<failure message="${xmlAttr(code)}" type="${xmlAttr(code)}">${xmlText(cause)}</failure>`;
}

function systemOut(s: string): string {
  return `<system-out>${xmlText(s)}</system-out>`;
}

function seconds(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

