// A run of `fnf test`: every test file is read and every flow compiled first
// (every problem of each is reported with its file, line and column, and
// nothing runs), then the cases run, file by file, and their results come back
// as plain JSON, so a worker can run a share of the files and the parent can
// merge them.
import { readFileSync } from 'node:fs';
import { formatProblem, problemsOf, shownPath, type CheckedFile, type FileProblem } from '../commands/flow-files.js';
import { whyUnreadable } from '../errors.js';
import { checkDefinition, compileDefinition } from '../local/flow/index.js';
import type { Program, Scope } from '../local/flow/program.js';
import { FlowDefinitionError } from '../local/types.js';
import { CoverageProbe, type CoverageItem } from './coverage.js';
import { runCase, type CaseResult, type PreparedFlow } from './run-case.js';
import { loadTestFile, type TestFile } from './testfile.js';

export interface LoadedFile {
  test: TestFile;
  /** Paths as shown: relative to the working directory. */
  display: string;
  flowDisplay: string;
  flow: PreparedFlow;
}

export interface FileResult {
  file: string;
  flowFile: string;
  flow: string;
  cases: CaseResult[];
}

/** Every test and flow file read, each with its problems (none for a good one). */
export type BadFiles = ReadonlyArray<Pick<CheckedFile, 'problems'>>;

/** Test and flow files that cannot be used. Exit 2. */
export class BadTestFilesError extends Error {
  constructor(readonly files: BadFiles) {
    super(files.flatMap((f) => f.problems).map(formatProblem).join('\n'));
  }
}

function taskNames(scope: Scope, into = new Set<string>()): Set<string> {
  for (const node of scope.states.values()) {
    if (node.kind === 'task') into.add(node.name);
    if (node.kind === 'parallel') node.branches.forEach((b) => taskNames(b, into));
    if (node.kind === 'map') taskNames(node.processor, into);
    if (node.kind === 'choice') [...node.branches, node.otherwise].forEach((t) => t?.scope && taskNames(t.scope, into));
  }
  return into;
}

/** The names of a definition's own (top-level) states; throws FlowDefinitionError. */
export function topLevelStates(text: string, fileName: string): Set<string> {
  return new Set((compileDefinition(text, fileName).program as Program).root.states.keys());
}

/** A flow a test file names: compiled, or the problems that keep it from compiling. */
type FlowCheck = { prepared: PreparedFlow; problems: [] } | { prepared?: undefined; problems: FileProblem[] };

/** Compiles each flow once, whichever test files name it. */
class FlowCache {
  private readonly flows = new Map<string, FlowCheck>();

  constructor(private readonly cwd: string) {}

  get(file: string): FlowCheck {
    let flow = this.flows.get(file);
    if (!flow) {
      flow = this.compile(file);
      this.flows.set(file, flow);
    }
    return flow;
  }

  /** Every flow compiled so far, good or not. */
  all(): FlowCheck[] {
    return [...this.flows.values()];
  }

  private compile(file: string): FlowCheck {
    const display = shownPath(this.cwd, file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return { problems: [{ file: display, path: '', message: `cannot read the flow: ${whyUnreadable(err)}` }] };
    }
    try {
      const compiled = compileDefinition(text, file);
      return { prepared: { name: compiled.name, compiled, probe: new CoverageProbe(compiled.program as Program) }, problems: [] };
    } catch (err) {
      if (!(err instanceof FlowDefinitionError)) throw err;
      // Every problem, as flows validate finds them.
      const { problems } = checkDefinition(text, file);
      return { problems: problemsOf(display, problems.length > 0 ? problems : [err]) };
    }
  }
}

export interface Suite {
  files: LoadedFile[];
  /** Coverage items of each flow, by its shown path. */
  coverageItems: Map<string, CoverageItem[]>;
}

/** Reads every test file and compiles every flow they name; throws BadTestFilesError when any has a problem. */
export function loadSuite(paths: readonly string[], cwd: string): Suite {
  const flows = new FlowCache(cwd);
  const tests: TestFile[] = [];
  const checked: Array<Pick<CheckedFile, 'problems'>> = [];
  for (const file of paths) {
    const read = loadTestFile(file, shownPath(cwd, file), (flowFile) => {
      const { prepared } = flows.get(flowFile);
      return prepared && taskNames((prepared.compiled.program as Program).root);
    });
    checked.push(read);
    if (read.test) tests.push(read.test);
  }
  checked.push(...flows.all());
  if (checked.some((f) => f.problems.length > 0)) throw new BadTestFilesError(checked);
  return suiteOf(tests, cwd, flows);
}

/** A suite of test files already read and checked (a worker gets them from its parent): their flows compiled. */
export function suiteOf(tests: readonly TestFile[], cwd: string, flows = new FlowCache(cwd)): Suite {
  const files = tests.map((test) => {
    const flow = flows.get(test.flowFile);
    // A worker compiles the flows again: one changed on disk since its parent checked it fails here.
    if (!flow.prepared) throw new BadTestFilesError([flow]);
    return { test, display: shownPath(cwd, test.file), flowDisplay: shownPath(cwd, test.flowFile), flow: flow.prepared };
  });
  return { files, coverageItems: new Map(files.map((f) => [f.flowDisplay, f.flow.probe.items])) };
}

/** Which cases to run: [file index, case index] pairs, in file order, of cases whose name contains `filter`. */
export function selectCases(suite: Suite, filter?: string): Array<[number, number]> {
  return suite.files.flatMap((f, fi) =>
    f.test.cases.flatMap((c, ci) => (filter === undefined || c.name.includes(filter) ? [[fi, ci] as [number, number]] : [])));
}

/** Runs the given cases one after another. */
export async function runCases(suite: Suite, selected: ReadonlyArray<readonly [number, number]>): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [fi, ci] of selected) {
    const file = suite.files[fi]!;
    results.push(await runCase(file.flow, file.test.cases[ci]!));
  }
  return results;
}

/** Results grouped back by file, in the order the files and cases were given. */
export function groupByFile(suite: Suite, selected: ReadonlyArray<readonly [number, number]>, results: readonly CaseResult[]): FileResult[] {
  const byFile = new Map<number, CaseResult[]>();
  selected.forEach(([fi], i) => {
    const list = byFile.get(fi) ?? [];
    list.push(results[i]!);
    byFile.set(fi, list);
  });
  return [...byFile].sort(([a], [b]) => a - b).map(([fi, cases]) => {
    const f = suite.files[fi]!;
    return { file: f.display, flowFile: f.flowDisplay, flow: f.flow.name, cases };
  });
}
