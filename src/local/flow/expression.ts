// The expression language of flow definitions: paths rooted at a variable
// (`$Input.order.items[0]`, `$Context.Current.Name`, FDL's `$.x`, `$input.x`,
// `$local[*].y`), string/number/bool/null literals, array and object literals,
// built-in function calls, comparisons, `in`, `&& || !`, prefix `-` and
// parentheses. CloudFlow conditions and `.$` values, FDL conditions and
// mapping sources all compile through here, so both languages agree on what
// `==` and a missing field mean.
//
// What the docs define (Choice state, conditional expressions:
// https://alibabacloud.com/help/tc/serverless-workflow/latest/select-choice):
// > >= < <= == != on strings and numbers, || &&, prefix ! and -, `in` (an
// array holds a value, an object holds a key), strings in double quotes or
// backticks (single quotes appear in the built-in functions page's examples).
// Built-in functions nest at most 10 deep
// (https://help.aliyun.com/document_detail/2579872.html).
import { BUILT_INS, checkedResult, deepEqual, EXPRESSION_ERROR, typeName } from './functions.js';
import { StepError } from './program.js';

export type Vars = Readonly<Record<string, unknown>>;
export type Expression = (vars: Vars) => unknown;

/** A syntax error; `column` is 1-based within the expression text. */
export class ExpressionError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
  }
}

/** The documented limit of nested built-in function calls. */
const MAX_CALL_DEPTH = 10;
/** Any other nesting (parentheses, literals, prefixes) stops here, well before the parser's own stack would. */
const MAX_NESTING = 64;

type Token =
  | { kind: 'var'; name: string; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'literal'; value: unknown; at: number }
  | { kind: 'op'; op: string; at: number };

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '-', '(', ')', '[', ']', '{', '}', ',', ':', '.', '*'];
const COMPARISONS = ['==', '!=', '>', '>=', '<', '<=', 'in'];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/** A quoted string from `start`: backticks are raw (as in Go), the other quotes take backslash escapes. */
function quoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (quote !== '`' && text[i] === '\\' && i + 1 < text.length) {
      const c = text[++i]!;
      if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
        value += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else {
        value += ESCAPES[c] ?? c;
      }
    } else {
      value += text[i];
    }
    i++;
  }
  if (i >= text.length) throw new ExpressionError(`unterminated string (opened with ${quote})`, start + 1);
  return { value, end: i + 1 };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '$') {
      const m = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      const name = m ? m[0] : '$';
      tokens.push({ kind: 'var', name, at: i });
      i += name.length;
    } else if (c === '"' || c === "'" || c === '`') {
      const { value, end } = quoted(text, i);
      tokens.push({ kind: 'literal', value, at: i });
      i = end;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'literal', value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))![0];
      if (word === 'true' || word === 'false') tokens.push({ kind: 'literal', value: word === 'true', at: i });
      else if (word === 'null') tokens.push({ kind: 'literal', value: null, at: i });
      else tokens.push({ kind: 'name', name: word, at: i });
      i += word.length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw new ExpressionError(`unexpected "${c}"`, i + 1);
      tokens.push({ kind: 'op', op, at: i });
      i += op.length;
    }
  }
  return tokens;
}

type Step = { key: string | number } | { all: true };

/** A field of an object or an element of an array; anything else (a string's length…) is missing, as in JSON. */
function child(value: unknown, key: string | number): unknown {
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string | number, unknown>)[key] : undefined;
}

/** Follows `steps` from `start`; after a `[*]` the value is the list of every match, missing ones left out. */
function follow(start: unknown, steps: readonly Step[]): unknown {
  let values = [start];
  let many = false;
  for (const step of steps) {
    if ('all' in step) {
      many = true;
      values = values.flatMap((v) => (Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v) : []));
    } else {
      values = values.map((v) => child(v, step.key));
      if (many) values = values.filter((v) => v !== undefined);
    }
  }
  return many ? values : values[0];
}

/** Compiles `text`; `roots` lists the variables it may name (`$Input`, `$`…). */
export function compileExpression(text: string, roots: readonly string[]): Expression {
  const tokens = tokenize(text);
  let pos = 0;
  let nesting = 0;
  let calls = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const fail = (message: string, at = peek()?.at ?? text.length): never => {
    throw new ExpressionError(message, at + 1);
  };
  const expect = (op: string) => {
    if (!isOp(op)) fail(`expected "${op}"`);
    pos++;
  };
  const nested = <T>(parse: () => T): T => {
    if (++nesting > MAX_NESTING) fail(`nested more than ${MAX_NESTING} levels deep`);
    const result = parse();
    nesting--;
    return result;
  };

  function orExpr(): Expression {
    let left = andExpr();
    while (isOp('||')) {
      pos++;
      const [l, r] = [left, andExpr()];
      left = (v) => truthy(l(v)) || truthy(r(v));
    }
    return left;
  }
  function andExpr(): Expression {
    let left = comparison();
    while (isOp('&&')) {
      pos++;
      const [l, r] = [left, comparison()];
      left = (v) => truthy(l(v)) && truthy(r(v));
    }
    return left;
  }
  function comparison(): Expression {
    const left = unary();
    const t = peek();
    const op = t?.kind === 'op' ? t.op : t?.kind === 'name' ? t.name : '';
    if (!COMPARISONS.includes(op)) return left;
    pos++;
    const right = unary();
    return (v) => compare(op, left(v), right(v));
  }
  /** Prefixes bind tighter than comparisons, as in Go and JavaScript: `!$Input.a == false` is `(!$Input.a) == false`. */
  function unary(): Expression {
    if (isOp('!')) {
      pos++;
      const inner = nested(unary);
      return (v) => !truthy(inner(v));
    }
    if (!isOp('-')) return postfix(primary());
    const at = peek()!.at;
    pos++;
    const inner = nested(unary);
    return (v) => {
      const value = inner(v);
      if (typeof value !== 'number') throw new StepError(EXPRESSION_ERROR, `prefix "-" at column ${at + 1} needs a number, not ${typeName(value)}`);
      return -value;
    };
  }
  function postfix(base: Expression): Expression {
    const steps: Step[] = [];
    for (;;) {
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t?.kind !== 'name' && !(t?.kind === 'literal' && typeof t.value === 'boolean')) fail('expected a field name after "."');
        steps.push({ key: t!.kind === 'name' ? t!.name : String((t as { value: unknown }).value) });
        pos++;
      } else if (isOp('[')) {
        pos++;
        const t = peek();
        if (t?.kind === 'op' && t.op === '*') steps.push({ all: true });
        else if (t?.kind === 'literal' && (typeof t.value === 'string' || (typeof t.value === 'number' && Number.isInteger(t.value)))) steps.push({ key: t.value });
        else fail('expected an index, a quoted key or * inside [ ]');
        pos++;
        expect(']');
      } else {
        break;
      }
    }
    return steps.length === 0 ? base : (v) => follow(base(v), steps);
  }
  function primary(): Expression {
    const t = peek();
    if (!t) return fail('unexpected end of expression');
    if (t.kind === 'op' && t.op === '(') {
      pos++;
      const inner = nested(orExpr);
      expect(')');
      return inner;
    }
    if (t.kind === 'op' && t.op === '[') return nested(arrayLiteral);
    if (t.kind === 'op' && t.op === '{') return nested(objectLiteral);
    if (t.kind === 'literal') {
      pos++;
      return () => t.value;
    }
    if (t.kind === 'var') {
      if (!roots.includes(t.name)) fail(`unknown variable ${t.name} (use ${roots.join(', ')})`);
      pos++;
      return (v) => v[t.name];
    }
    if (t.kind === 'name' && tokens[pos + 1]?.kind === 'op' && (tokens[pos + 1] as { op: string }).op === '(') return call(t.name, t.at);
    return fail(t.kind === 'name' ? `unexpected "${t.name}" (strings need quotes; functions need parentheses)` : `unexpected "${t.op}"`);
  }
  /** Comma-separated expressions up to `close`. */
  function list(close: string): Expression[] {
    const items: Expression[] = [];
    while (!isOp(close)) {
      if (items.length > 0) expect(',');
      items.push(orExpr());
    }
    pos++;
    return items;
  }
  function call(name: string, at: number): Expression {
    const fn = BUILT_INS.get(name);
    if (!fn) fail(`unknown function ${name}() (built-in functions: ${[...BUILT_INS.keys()].join(', ')})`, at);
    if (++calls > MAX_CALL_DEPTH) fail(`built-in functions nest at most ${MAX_CALL_DEPTH} deep`, at);
    pos += 2;
    const args = nested(() => list(')'));
    calls--;
    const { min, max, call: run } = fn!;
    if (args.length < min || args.length > max) {
      const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      fail(`${name}() takes ${wanted} argument${(max === Infinity ? min : max) === 1 ? '' : 's'}, not ${args.length}`, at);
    }
    return (v) => checkedResult(name, run(args.map((a) => a(v))));
  }
  function arrayLiteral(): Expression {
    pos++;
    const items = list(']');
    return (v) => items.map((item) => item(v) ?? null);
  }
  function objectLiteral(): Expression {
    pos++;
    const entries: Array<[string, Expression]> = [];
    while (!isOp('}')) {
      if (entries.length > 0) expect(',');
      const t = peek();
      const key = t?.kind === 'literal' && typeof t.value === 'string' ? t.value : t?.kind === 'name' ? t.name : fail('expected a key (a quoted string or a name)');
      pos++;
      expect(':');
      entries.push([key, orExpr()]);
    }
    pos++;
    return (v) => Object.fromEntries(entries.map(([key, value]) => [key, value(v) ?? null]));
  }

  if (tokens.length === 0) throw new ExpressionError('empty expression', 1);
  const expr = orExpr();
  if (pos < tokens.length) fail('unexpected text after the expression');
  return expr;
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (op === '==') return deepEqual(x, y);
  if (op === '!=') return !deepEqual(x, y);
  if (op === 'in') {
    if (Array.isArray(y)) return y.some((item) => deepEqual(item, x));
    return y !== null && typeof y === 'object' && typeof x === 'string' && Object.hasOwn(y, x);
  }
  const comparable = (typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string');
  if (!comparable) return false;
  const [p, q] = [x as number | string, y as number | string];
  return op === '>' ? p > q : op === '>=' ? p >= q : op === '<' ? p < q : p <= q;
}
