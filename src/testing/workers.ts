// Spreads cases over worker threads. Stub until the parallel runner lands: runs them here.
import type { CaseResult } from './run-case.js';
import { runCases, type Suite } from './suite.js';

export function runInWorkers(suite: Suite, selected: ReadonlyArray<readonly [number, number]>, _jobs: number): Promise<CaseResult[]> {
  return runCases(suite, selected);
}
