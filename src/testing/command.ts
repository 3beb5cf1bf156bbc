// `fnf test`: find the files, load them all (every problem of every bad one is
// told, and the run stops with exit 2 before any case runs), run the cases,
// then report: text or JSON on stdout, JUnit XML to a file, coverage, and the
// exit code.
import { reportProblems, writeProblemsJson } from '../commands/flows-validate.js';
import type { TestOptions } from '../commands/test.js';
import type { Ctx } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { writeReportFile } from '../ui/ci/report-file.js';
import { colors } from '../ui/format.js';
import { findTestFiles, MissingPathError } from './discover.js';
import { junitProblemsReport, junitReport } from './junit.js';
import { caseLine, coverageOf, coverageText, failureText, jsonReport, percentText, summaryText, totalsOf } from './report.js';
import { BadTestFilesError, groupByFile, type BadFiles, loadSuite, selectCases, type Suite } from './suite.js';
import { runInWorkers } from './workers.js';

export async function runTest(opts: TestOptions, ctx: Ctx): Promise<ExitCode> {
  const started = ctx.clock.now();
  let suite: Suite;
  try {
    const files = findTestFiles(opts.paths, ctx.cwd);
    if (files.length === 0) throw new UsageError(`no test files (*.fnf-test.yaml, *.fnf-test.yml, *.fnf-test.json) under ${opts.paths.join(', ') || 'the current directory'}`);
    suite = loadSuite(files, ctx.cwd);
  } catch (err) {
    if (err instanceof MissingPathError) throw new UsageError(err.message);
    if (!(err instanceof BadTestFilesError)) throw err;
    await reportBadFiles(err.files, opts, ctx);
    return ExitCode.Usage;
  }
  const selected = selectCases(suite, opts.filter);
  if (selected.length === 0) throw new UsageError(`no case name contains "${opts.filter}"`);
  const c = colors(ctx.io.color);
  const text = opts.output === 'text' && !junitOnStdout(opts);
  const { results, threads } = await runInWorkers(suite, selected, opts.jobs, ctx.cwd, {
    entry: opts.workerEntry,
    // Each case's line as soon as it and every case before it are done, so a long run shows its progress.
    // With --quiet, only the failures.
    onProgress: text ? (done) => ctx.io.stdout.write(done.filter(({ result }) => !ctx.io.quiet || !result.passed).map(({ pair: [fi], result }) => {
      const f = suite.files[fi]!;
      const source = { file: f.display, flow: f.flow.name };
      return caseLine(source, result, c) + (result.passed ? '' : failureText(source, result, c));
    }).join('')) : undefined,
  });
  const files = groupByFile(suite, selected, results);
  const wallMs = ctx.clock.now() - started;
  const coverage = opts.coverage ? coverageOf(files, suite.coverageItems) : undefined;
  const below = opts.coverageMin === undefined ? [] : (coverage ?? []).filter((l) => l.percent < opts.coverageMin!);
  const totals = totalsOf(files);

  const junitWritten = opts.junitFile !== undefined && (await writeReportFile(ctx, opts.junitFile, junitReport(files), 'the JUnit report'));
  if (opts.output === 'json') ctx.io.stdout.write(jsonReport(files, coverage, { wallMs, threads }, opts.query));
  else if (junitOnStdout(opts)) ctx.io.stdout.write(junitReport(files));
  else {
    const out = coverage ? coverageText(coverage, c) : '';
    const notes = below.map((l) => `coverage of ${l.flow} is ${percentText(l.percent)}, below --coverage-min ${opts.coverageMin}`);
    if (junitWritten) notes.push(`JUnit XML written to ${opts.junitFile}`);
    ctx.io.stdout.write(out + summaryText(totals, wallMs, c, notes, ctx.io.quiet));
  }
  return totals.failed > 0 || below.length > 0 ? ExitCode.ExecutionFailed : ExitCode.Ok;
}

/** --reporter junit without --junit-file: the XML is the result, on stdout. */
function junitOnStdout(opts: TestOptions): boolean {
  return opts.reporter === 'junit' && !opts.junitFile;
}

/**
 * Files that keep the run from starting: the report CI reads (the JSON, the
 * JUnit file or XML on stdout) says why nothing ran, and the problems are told
 * on stderr as flows validate tells them, for whoever reads the log.
 */
async function reportBadFiles(files: BadFiles, opts: TestOptions, ctx: Ctx): Promise<void> {
  const junit = () => junitProblemsReport(files.flatMap((f) => f.problems));
  if (opts.junitFile !== undefined) await writeReportFile(ctx, opts.junitFile, junit(), 'the JUnit report');
  if (opts.output === 'json') writeProblemsJson(files, ctx, opts.query);
  else if (junitOnStdout(opts)) ctx.io.stdout.write(junit());
  await reportProblems(files, 'stderr', ctx);
}
