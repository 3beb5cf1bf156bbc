// What `fnf test` prints: one line per case (✔/✘, flow, case, virtual
// duration), the expected-against-actual of each failing case, coverage when
// asked, and a summary whose last line is "N passed, M failed". The JSON
// report is the same facts as one document.
import type { ChalkInstance } from 'chalk';
import { formatDuration, plural } from '../ui/format.js';
import { jsonText } from '../ui/json.js';
import type { Query } from '../ui/query.js';
import { summarize, type CoverageItem, type FlowCoverage } from './coverage.js';
import type { CaseResult } from './run-case.js';
import type { FileResult } from './suite.js';

export interface Totals {
  files: number;
  cases: number;
  passed: number;
  failed: number;
}

export function totalsOf(files: readonly FileResult[]): Totals {
  const cases = files.flatMap((f) => f.cases);
  const passed = cases.filter((c) => c.passed).length;
  return { files: files.length, cases: cases.length, passed, failed: cases.length - passed };
}

export interface CoverageLine {
  flow: string;
  reached: number;
  total: number;
  percent: number;
  byKind: Record<CoverageItem['kind'], { reached: number; total: number }>;
  missed: CoverageItem[];
}

/** Coverage per flow from the ids every case reached. */
export function coverageOf(files: readonly FileResult[], items: ReadonlyMap<string, CoverageItem[]>): CoverageLine[] {
  const byFlow = new Map<string, FlowCoverage>();
  for (const [flow, list] of items) byFlow.set(flow, { items: list, reached: new Set() });
  for (const f of files) for (const c of f.cases) for (const id of c.reached) byFlow.get(f.flowFile)?.reached.add(id);
  return [...byFlow].map(([flow, coverage]) => {
    const { reached, total, percent, missed } = summarize(coverage);
    const byKind = { state: { reached: 0, total: 0 }, branch: { reached: 0, total: 0 }, catch: { reached: 0, total: 0 } };
    for (const item of coverage.items) {
      byKind[item.kind].total++;
      if (coverage.reached.has(item.id)) byKind[item.kind].reached++;
    }
    return { flow, reached, total, percent, byKind, missed };
  });
}

export const percentText = (p: number) => `${(Math.floor(p * 10) / 10).toFixed(1)}%`;
const indent = (text: string, by: string) => text.split('\n').map((l) => `${by}${l}`).join('\n');

/** Where a case comes from, as its lines name it. */
export type CaseSource = Pick<FileResult, 'file' | 'flow'>;

export function caseLine(file: CaseSource, c: CaseResult, color: ChalkInstance): string {
  const mark = c.passed ? color.green('✔') : color.red('✘');
  return `${mark} ${file.flow} › ${c.name} ${color.gray(`(${formatDuration(c.virtualMs)} virtual)`)}\n`;
}

/** Expected against actual for a failing case: each problem, the output diff, the path taken. */
export function failureText(file: CaseSource, c: CaseResult, color: ChalkInstance): string {
  const lines = [`${file.file}:${c.line}`];
  for (const p of c.problems) {
    lines.push(`${p.field}: ${p.message}`);
    for (const d of p.diff ?? []) lines.push(d.startsWith('-') ? color.green(`  ${d}`) : d.startsWith('+') ? color.red(`  ${d}`) : `  ${d}`);
  }
  if (!c.problems.some((p) => p.field === 'path')) lines.push(`path taken: ${c.outcome.path.join(' → ') || '(none)'}`);
  return `${indent(lines.join('\n'), '    ')}\n`;
}

export function coverageText(lines: readonly CoverageLine[], color: ChalkInstance): string {
  let out = '\nCoverage\n';
  for (const l of lines) {
    const k = l.byKind;
    out += `  ${l.flow}: ${l.reached}/${l.total} (${percentText(l.percent)}) — states ${k.state.reached}/${k.state.total}, ` +
      `Choice branches ${k.branch.reached}/${k.branch.total}, Catch rules ${k.catch.reached}/${k.catch.total}\n`;
    if (l.missed.length) out += `    not reached:\n${l.missed.map((m) => color.yellow(`      ${m.id}`)).join('\n')}\n`;
  }
  return out;
}

/** The run's summary; `brief` (--quiet): the notes and the counts only. */
export function summaryText(totals: Totals, wallMs: number, color: ChalkInstance, extra: readonly string[] = [], brief = false): string {
  const counts = `${totals.passed} passed, ${totals.failed} failed`;
  const head = brief ? '' : `\n${plural(totals.cases, 'case')} in ${plural(totals.files, 'test file')}, ${formatDuration(wallMs)}\n`;
  return `${head}${extra.map((e) => `${e}\n`).join('')}${totals.failed ? color.red(counts) : color.green(counts)}\n`;
}

/** One JSON document of every result (and coverage when measured). */
export function jsonReport(files: readonly FileResult[], coverage: readonly CoverageLine[] | undefined, run: { wallMs: number; threads: number }, query?: Query): string {
  return jsonText({
    summary: { ...totalsOf(files), ...run },
    files: files.map((f) => ({
      ...f,
      cases: f.cases.map(({ reached: _reached, ...c }) => c),
    })),
    ...(coverage ? { coverage: coverage.map((l) => ({ ...l, missed: l.missed.map((m) => m.id) })) } : {}),
  }, 'json', query);
}

