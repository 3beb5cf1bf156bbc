// JUnit XML for CI (GitLab, Jenkins and Azure read this shape): a <testsuite>
// per test file, a <testcase> per case with the flow as its class name, and
// a failing case's problems, output diff included, in its <failure>. Times
// are the real seconds each case took; the virtual duration is a property.
import { formatProblem, problemText, type FileProblem } from '../commands/flow-files.js';
import { colors } from '../ui/format.js';
import { failureText, totalsOf } from './report.js';
import type { FileResult } from './suite.js';
import { xmlAttr, xmlText } from '../ui/ci/xml.js';

const plain = colors(false);

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(files: readonly FileResult[]): string {
  const totals = totalsOf(files);
  const allMs = files.flatMap((f) => f.cases).reduce((sum, c) => sum + c.wallMs, 0);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="fnf test" tests="${totals.cases}" failures="${totals.failed}" errors="0" time="${seconds(allMs)}">\n`;
  for (const f of files) {
    const failed = f.cases.filter((c) => !c.passed).length;
    const ms = f.cases.reduce((sum, c) => sum + c.wallMs, 0);
    out += `  <testsuite name="${xmlAttr(f.file)}" tests="${f.cases.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(ms)}" file="${xmlAttr(f.file)}">\n`;
    for (const c of f.cases) {
      const attrs = `name="${xmlAttr(c.name)}" classname="${xmlAttr(f.flow)}" file="${xmlAttr(f.file)}" line="${c.line}" time="${seconds(c.wallMs)}"`;
      out += `    <testcase ${attrs}>\n`;
      out += `      <properties><property name="virtualDuration" value="${seconds(c.virtualMs)}"/></properties>\n`;
      if (!c.passed) {
        const first = c.problems[0]!;
        out += `      <failure type="${first.field}" message="${xmlAttr(`${first.field}: ${first.message.split('\n')[0]}`)}">${xmlText(failureText(f, c, plain))}</failure>\n`;
      }
      out += '    </testcase>\n';
    }
    out += '  </testsuite>\n';
  }
  return `${out}</testsuites>\n`;
}

/**
 * The report of a run that bad test or flow files kept from starting: a
 * <testsuite> per file, a <testcase> per problem holding it as an <error> (the
 * test is broken, not the flow). Each problem is a testcase of its own, named
 * by its whole line, because that is what CI shows: GitLab lists testcases (and
 * keeps one of several with the same name), GitHub's JUnit actions annotate a
 * testcase's file and line; neither shows a message outside a testcase.
 */
export function junitProblemsReport(problems: readonly FileProblem[]): string {
  const byFile = new Map<string, FileProblem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="fnf test" tests="${problems.length}" failures="0" errors="${problems.length}" skipped="0" time="0.000">\n`;
  for (const [file, mine] of byFile) {
    out += `  <testsuite name="${xmlAttr(file)}" tests="${mine.length}" failures="0" errors="${mine.length}" skipped="0" time="0.000" file="${xmlAttr(file)}">\n`;
    for (const p of mine) {
      const line = formatProblem(p);
      const at = p.line === undefined ? '' : ` line="${p.line}"`;
      out += `    <testcase name="${xmlAttr(line)}" classname="${xmlAttr(file)}" file="${xmlAttr(file)}"${at} time="0.000">\n`;
      out += `      <error type="bad file" message="${xmlAttr(problemText(p))}">${xmlText(line)}</error>\n`;
      out += '    </testcase>\n';
    }
    out += '  </testsuite>\n';
  }
  return `${out}</testsuites>\n`;
}
