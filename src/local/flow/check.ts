// Typed reads of a parsed definition that fail with the place and line of
// what is wrong; shared by both language compilers. The endpoint stops at the
// first problem; `fnf flows validate` and `fnf test` collect them all: there
// fail() records the problem and throws RECORDED, which each() catches around
// every state or step (or test case), so the rest is still checked.
import { compileExpression, ExpressionError, type Expression } from './expression.js';
import type { Path, Source } from './source.js';
import type { FlowDefinitionError } from '../types.js';

export type Fields = Record<string, unknown>;

/** Thrown by fail() in collecting mode once the problem is recorded; caught by each(). */
const RECORDED: unique symbol = Symbol('problem recorded');

export class Checker {
  /** Every problem found so far (collecting mode only), each once, in the order found. */
  readonly problems: FlowDefinitionError[] = [];
  private readonly collect: boolean;

  constructor(readonly src: Source, opts: { collect?: boolean } = {}) {
    this.collect = Boolean(opts.collect);
  }

  fail(path: Path, problem: string): never {
    const err = this.src.error(path, problem);
    if (!this.collect) throw err;
    if (!this.problems.some((p) => p.where === err.where && p.message === problem)) this.problems.push(err);
    throw RECORDED;
  }

  /** Runs one check (a state, a step, a rule, a test case): a problem recorded inside ends only it (collecting mode), and gives undefined. */
  each<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (err) {
      if (err === RECORDED) return undefined;
      throw err;
    }
  }

  object(value: unknown, path: Path, what = 'a mapping'): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(path, `must be ${what}`);
    return value as Fields;
  }

  /**
   * Runs every one of `checks`, which check parts apart, and gives what they read. Collecting, a problem ends only
   * its own check, and once all have run this fails if any did.
   */
  every<T extends readonly unknown[]>(...checks: { [K in keyof T]: () => T[K] }): T {
    // Boxed, so that a check that read undefined is told apart from one that failed.
    const read = checks.map((check) => this.each(() => ({ value: check() })));
    if (read.includes(undefined)) throw RECORDED;
    return read.map((r) => r!.value) as unknown as T;
  }

  /** A problem after which the check still makes sense: collecting, it is recorded and the check goes on. */
  record(path: Path, problem: string): void {
    this.each(() => this.fail(path, problem));
  }

  /** A mapping with no keys but `keys`; `unknown` words the problem with any other (collecting: with each other, and `keys` are still read). */
  closedObject(value: unknown, path: Path, keys: readonly string[], unknown = (key: string) => `unknown key "${key}" (expected ${keys.join(', ')})`): Fields {
    const obj = this.object(value, path);
    for (const other of Object.keys(obj).filter((k) => !keys.includes(k))) this.record([...path, other], unknown(other));
    return obj;
  }

  list(obj: Fields, key: string, path: Path, opts: { required?: boolean; nonEmpty?: boolean } = {}): unknown[] | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (opts.required) this.fail(path, `missing ${key}`);
      return undefined;
    }
    if (!Array.isArray(value)) this.fail([...path, key], 'must be a list');
    if (opts.nonEmpty && value.length === 0) this.fail([...path, key], 'must not be empty');
    return value;
  }

  string(obj: Fields, key: string, path: Path, required: true): string;
  string(obj: Fields, key: string, path: Path, required?: boolean): string | undefined;
  string(obj: Fields, key: string, path: Path, required = false): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.fail(path, `missing ${key}`);
      return undefined;
    }
    if (typeof value !== 'string' || value === '') this.fail([...path, key], 'must be a non-empty string');
    return value;
  }

  number(obj: Fields, key: string, path: Path, opts: { min?: number; integer?: boolean } = {}): number | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    const min = opts.min ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (opts.integer && !Number.isInteger(value))) {
      this.fail([...path, key], `must be ${opts.integer ? 'an integer' : 'a number'} >= ${min}`);
    }
    return value;
  }

  /** A number of seconds from 0 to `max`. */
  seconds(obj: Fields, key: string, path: Path, max: number): number | undefined {
    const value = this.number(obj, key, path);
    if (value !== undefined && value > max) this.fail([...path, key], `must be at most ${max} seconds`);
    return value;
  }

  expression(text: unknown, path: Path, roots: readonly string[]): Expression {
    if (typeof text !== 'string' || text.trim() === '') this.fail(path, 'must be an expression string');
    try {
      return compileExpression(text, roots);
    } catch (err) {
      if (err instanceof ExpressionError) this.fail(path, `bad expression "${text}": ${err.message} at column ${err.column}`);
      throw err;
    }
  }

  stringList(obj: Fields, key: string, path: Path): string[] {
    const list = this.list(obj, key, path, { required: true, nonEmpty: true })!;
    list.forEach((e, i) => {
      if (typeof e !== 'string' || e === '') this.fail([...path, key, i], 'must be a non-empty string');
    });
    return list as string[];
  }

  /** Names in a list of states/steps, refusing duplicates and missing names (collected: "" for an entry in fault). */
  names(list: readonly unknown[], path: Path, key: string): string[] {
    const seen = new Set<string>();
    return list.map((entry, i) => this.each(() => {
      const obj = this.object(entry, [...path, i]);
      const name = this.string(obj, key, [...path, i], true);
      if (seen.has(name)) this.fail([...path, i, key], `duplicate name "${name}"`);
      seen.add(name);
      return name;
    }) ?? '');
  }

  target(name: string, names: readonly string[], path: Path, kind: string): string {
    if (!names.includes(name)) this.fail(path, `no ${kind} named "${name}" in this scope`);
    return name;
  }
}
