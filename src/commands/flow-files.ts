// Flow definitions kept in a repository: the files and directories named on
// the command line, read and checked with the same flow library as
// `fnf local serve`, offline. Used by `fnf flows validate`, `deploy`, `diff`
// and `graph`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError, whyUnreadable } from '../errors.js';
import { claimFlowName, FLOW_FILE } from '../input/flow-set.js';
import type { FlowDefinitionError } from '../local/types.js';

export interface FlowFile {
  /** As shown in messages: relative to the working directory. */
  shown: string;
  text: string;
}

/** One problem, as `flows validate` prints it: `file:line:col: path: message`. */
export interface FileProblem {
  file: string;
  line?: number;
  column?: number;
  /** The place in the definition ("States[2].Next"); "" for the whole file. */
  path: string;
  message: string;
}

export interface CheckedFile extends FlowFile {
  /** The flow's name: CloudFlow `Name`, FDL `name`, else the file name without its extension. */
  name?: string;
  problems: FileProblem[];
}

/** A file as messages show it: relative to the working directory. */
export function shownPath(cwd: string, path: string): string {
  return relative(cwd, path) || path;
}

/** The files named, and the flow files directly inside the directories named, in that order and each once. */
export function readFlowFiles(args: readonly string[], cwd: string): FlowFile[] {
  const paths: string[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw new UsageError(`cannot read ${arg}: ${whyUnreadable(err)}`);
    }
    if (!isDir) {
      paths.push(path);
      continue;
    }
    const inside = readdirSync(path).filter((f) => FLOW_FILE.test(f)).sort().map((f) => join(path, f));
    if (inside.length === 0) throw new UsageError(`${arg} holds no flow definitions (*.yaml, *.yml, *.json)`);
    paths.push(...inside);
  }
  return [...new Set(paths)].map((path) => {
    const shown = shownPath(cwd, path);
    try {
      return { shown, text: readFileSync(path, 'utf8') };
    } catch (err) {
      throw new UsageError(`cannot read ${shown}: ${whyUnreadable(err)}`);
    }
  });
}

/** Every problem of every file, and the names two files both claim. The flow library loads only now. */
export async function checkFlowFiles(files: readonly FlowFile[]): Promise<CheckedFile[]> {
  const { checkDefinition } = await import('../local/flow/index.js');
  const owner = new Map<string, string>();
  return files.map((file) => {
    const { name, problems } = checkDefinition(file.text, file.shown);
    const found = problemsOf(file.shown, problems);
    const problem = name !== undefined && found.length === 0 ? claimFlowName(name, file.shown, owner) : undefined;
    if (problem) found.push({ file: file.shown, path: '', message: problem });
    return { ...file, name, problems: found };
  });
}

/** The problems the flow library found in a file (a definition, or an `fnf test` file), in the order of the file. */
export function problemsOf(shown: string, problems: readonly FlowDefinitionError[]): FileProblem[] {
  return problems
    .map((p) => ({ file: shown, line: p.line, column: p.column, path: p.path ?? '', message: p.message }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** `file:line:col: path: message`, leaving out what is unknown. */
export function formatProblem(p: FileProblem): string {
  const at = [p.file, p.line, p.line === undefined ? undefined : (p.column ?? 1)].filter((x) => x !== undefined).join(':');
  return `${at}: ${problemText(p)}`;
}

/** A problem without its place in the file: `path: message`, or the message alone for the whole file. */
export function problemText(p: FileProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}
