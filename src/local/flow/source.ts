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
  ) {}

  static parse(text: string): Source {
    if (nestingDepth(text) > MAX_NESTING) {
      throw new FlowDefinitionError(`nested more than ${MAX_NESTING} levels deep`);
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { ...QUIET, lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0].line;
      const reason = first.code === 'DUPLICATE_KEY' ? 'duplicate key' : first.message.split('\n')[0]!.replace(/ at line \d+.*$/, '').replace(/:$/, '');
      throw new FlowDefinitionError(reason, line === undefined ? undefined : `line ${line}`, line, first.linePos?.[0].col);
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // yaml refuses alias bombs ("Excessive alias count") only when it expands them.
      throw new FlowDefinitionError((err as Error).message.split('\n')[0]!);
    }
    return new Source(value, doc, lines);
  }

  /** Where the deepest existing node on `path` starts (1-based line and column), if anywhere. */
  positionOf(path: Path): { line: number; column: number } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) {
        const { line, col } = this.lines.linePos(range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  }

  /** The problem at `path`, with the place ("States[2].Next") and its line as fields. */
  error(path: Path, problem: string): FlowDefinitionError {
    const at = this.positionOf(path);
    return new FlowDefinitionError(problem, formatPath(path) || undefined, at?.line, at?.column);
  }
}

function formatPath(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
