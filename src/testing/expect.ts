// A case's expectations against how its execution ended: status, output
// (a subset match: keys the test does not name are not compared), the path
// of top-level states, and the error (code equal, cause a substring). Each
// mismatch is a Problem with a message, and for output a line diff of what
// was expected against what came out (only the compared part of it).
// The diff is jsdiff's, as `fnf flows diff` uses; this module loads only with `fnf test`.
import { diffLines as changesOf } from 'diff';
import type { EndStatus, Expectation } from './testfile.js';
import { isRecord } from '../is-record.js';

export interface Outcome {
  status: EndStatus | 'Stopped';
  output?: unknown;
  error?: { code: string; cause: string };
  /** Top-level states entered, in order. */
  path: string[];
}

export interface Problem {
  field: 'status' | 'output' | 'path' | 'error' | 'mock';
  message: string;
  /** Lines prefixed "- " (expected), "+ " (actual) or "  " (both). */
  diff?: string[];
}

/** Whether `actual` has everything `expected` names, with equal values; arrays match element by element, at the same length. */
function matchesSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesSubset(e, actual[i]));
  }
  if (isRecord(expected)) {
    return isRecord(actual) && Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && matchesSubset(v, actual[k]));
  }
  return Object.is(expected, actual) || expected === actual;
}

/** `actual` cut down to the keys `expected` names, so a diff shows only what was compared. */
export function compared(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((a, i) => (i < expected.length ? compared(expected[i], a) : a));
  if (isRecord(expected) && isRecord(actual)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(expected)) if (Object.hasOwn(actual, k)) out[k] = compared(expected[k], actual[k]);
    return out;
  }
  return actual;
}

/** A line diff of two texts: each line prefixed "- " (only in expected), "+ " (only in actual) or "  ". */
export function diffLines(expected: string, actual: string): string[] {
  // Both end in a newline, so a last line equals the same line anywhere in the other text.
  return changesOf(`${expected}\n`, `${actual}\n`).flatMap((change) => {
    const mark = change.removed ? '- ' : change.added ? '+ ' : '  ';
    return change.value.slice(0, -1).split('\n').map((line) => mark + line);
  });
}

const json = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v, null, 2));
const endOf = (o: Outcome) => (o.error ? `${o.status} (${o.error.code}: ${o.error.cause})` : o.status);

export function checkOutcome(expect: Expectation, actual: Outcome): Problem[] {
  const problems: Problem[] = [];
  if (actual.status !== expect.status) {
    problems.push({ field: 'status', message: `expected ${expect.status}, got ${endOf(actual)}` });
  }
  if (expect.output !== undefined && !matchesSubset(expect.output, actual.output)) {
    problems.push({
      field: 'output',
      message: 'the output differs (- expected, + actual; keys the test does not name are left out)',
      diff: diffLines(json(expect.output), json(compared(expect.output, actual.output))),
    });
  }
  if (expect.path && (expect.path.length !== actual.path.length || expect.path.some((s, i) => s !== actual.path[i]))) {
    const at = expect.path.findIndex((s, i) => s !== actual.path[i]);
    const where = at < 0
      ? `the run went on past ${expect.path.at(-1) ?? 'the start'} to ${actual.path.slice(expect.path.length).join(' → ')}`
      : at >= actual.path.length
        ? `the run ended before ${expect.path[at]}`
        : `diverges at step ${at + 1}: expected ${expect.path[at]}, got ${actual.path[at]}`;
    problems.push({ field: 'path', message: `${where}\n  expected: ${expect.path.join(' → ')}\n  actual:   ${actual.path.join(' → ')}` });
  }
  if (expect.error) {
    const { code, cause } = expect.error;
    if (!actual.error) problems.push({ field: 'error', message: `expected an error${code ? ` ${code}` : ''}, but the execution ${actual.status}` });
    else {
      if (code !== undefined && actual.error.code !== code) problems.push({ field: 'error', message: `expected code ${code}, got ${actual.error.code}` });
      if (cause !== undefined && !actual.error.cause.includes(cause)) {
        problems.push({ field: 'error', message: `expected a cause containing ${JSON.stringify(cause)}, got ${JSON.stringify(actual.error.cause)}` });
      }
    }
  }
  return problems;
}
