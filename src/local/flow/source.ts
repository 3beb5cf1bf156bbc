// A definition's text (YAML, or JSON, which YAML 1.2 reads too) as a plain
// value plus a way back from a place in it ("States[2].Next") to its line, so
// every validation error can say where it is.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { MAX_NESTING, nestingDepth } from '../../nesting.js';
import { QUIET } from '../../yaml.js';
import { FlowDefinitionError } from '../types.js';

export type PathKey = string | number;
export type Path = readonly PathKey[];

export class Source {
  private constructor(
    readonly value: unknown,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly fileName?: string,
  ) {}

  static parse(text: string, fileName?: string): Source {
    if (nestingDepth(text) > MAX_NESTING) {
      throw new FlowDefinitionError(`${prefix(fileName, undefined)}nested more than ${MAX_NESTING} levels deep`);
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { ...QUIET, lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0].line;
      const reason = first.code === 'DUPLICATE_KEY' ? 'duplicate key' : first.message.split('\n')[0]!.replace(/ at line \d+.*$/, '').replace(/:$/, '');
      throw new FlowDefinitionError(`${prefix(fileName, line)}${reason}`, line === undefined ? undefined : `line ${line}`, line);
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // yaml refuses alias bombs ("Excessive alias count") only when it expands them.
      throw new FlowDefinitionError(`${prefix(fileName, undefined)}${(err as Error).message.split('\n')[0]}`);
    }
    return new Source(value, doc, lines, fileName);
  }

  /** The line of the deepest existing node on `path` (1-based), if any. */
  lineOf(path: Path): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return undefined;
  }

  /** A FlowDefinitionError naming the place: "hello.yaml: line 7: States[2].Next: …". */
  error(path: Path, problem: string): FlowDefinitionError {
    const where = formatPath(path);
    const line = this.lineOf(path);
    return new FlowDefinitionError(`${prefix(this.fileName, line)}${where ? `${where}: ` : ''}${problem}`, where || undefined, line);
  }
}

function prefix(fileName: string | undefined, line: number | undefined): string {
  const parts = [fileName, line === undefined ? undefined : `line ${line}`].filter(Boolean);
  return parts.length ? `${parts.join(': ')}: ` : '';
}

export function formatPath(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
