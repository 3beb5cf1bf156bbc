// The expression language of flow definitions: paths rooted at a variable
// (`$Input.order.items[0]`, `$Context.Current.Name`, FDL's `$.x`, `$input.x`,
// `$local.y`), string/number/bool/null literals, comparisons, `&& || !` and
// parentheses. CloudFlow conditions and `.$` values, FDL conditions and
// mapping sources all compile through here, so both languages agree on
// what `==` and a missing field mean.

export type Vars = Readonly<Record<string, unknown>>;
export type Expression = (vars: Vars) => unknown;

/** A syntax error; `column` is 1-based within the expression text. */
export class ExpressionError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
  }
}

type Token =
  | { kind: 'var'; name: string; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'literal'; value: unknown; at: number }
  | { kind: 'op'; op: string; at: number };

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '(', ')', '[', ']', '.'];

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
    } else if (c === '"' || c === "'") {
      const start = i;
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (i >= text.length) throw new ExpressionError('unterminated string', start + 1);
      i++;
      tokens.push({ kind: 'literal', value, at: start });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'literal', value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      const word = m[0];
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

/** Compiles `text`; `roots` lists the variables it may name (`$Input`, `$`…). */
export function compileExpression(text: string, roots: readonly string[]): Expression {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const fail = (message: string): never => {
    throw new ExpressionError(message, (peek()?.at ?? text.length) + 1);
  };
  const expect = (op: string) => {
    if (!isOp(op)) fail(`expected "${op}"`);
    pos++;
  };

  function orExpr(): Expression {
    let left = andExpr();
    while (isOp('||')) {
      pos++;
      const l = left;
      const r = andExpr();
      left = (v) => truthy(l(v)) || truthy(r(v));
    }
    return left;
  }
  function andExpr(): Expression {
    let left = notExpr();
    while (isOp('&&')) {
      pos++;
      const l = left;
      const r = notExpr();
      left = (v) => truthy(l(v)) && truthy(r(v));
    }
    return left;
  }
  function notExpr(): Expression {
    if (isOp('!')) {
      pos++;
      const inner = notExpr();
      return (v) => !truthy(inner(v));
    }
    return comparison();
  }
  function comparison(): Expression {
    const left = primary();
    const t = peek();
    if (t?.kind === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.op)) {
      pos++;
      const right = primary();
      return (v) => compare(t.op, left(v), right(v));
    }
    return left;
  }
  function primary(): Expression {
    const t = peek();
    if (!t) return fail('unexpected end of expression');
    if (t.kind === 'op' && t.op === '(') {
      pos++;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (t.kind === 'literal') {
      pos++;
      return () => t.value;
    }
    if (t.kind === 'var') {
      if (!roots.includes(t.name)) fail(`unknown variable ${t.name} (use ${roots.join(', ')})`);
      pos++;
      return path(t.name);
    }
    return fail(t.kind === 'name' ? `unexpected "${t.name}"` : `unexpected "${t.kind === 'op' ? t.op : ''}"`);
  }
  function path(root: string): Expression {
    const keys: Array<string | number> = [];
    for (;;) {
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t?.kind !== 'name' && !(t?.kind === 'literal' && typeof t.value === 'boolean')) fail('expected a field name after "."');
        keys.push(t!.kind === 'name' ? t!.name : String((t as { value: unknown }).value));
        pos++;
      } else if (isOp('[')) {
        pos++;
        const t = peek();
        if (t?.kind !== 'literal' || (typeof t.value !== 'string' && typeof t.value !== 'number')) fail('expected an index or a quoted key');
        keys.push((t as { value: string | number }).value);
        pos++;
        expect(']');
      } else {
        break;
      }
    }
    return (v) => {
      let value: unknown = v[root];
      for (const key of keys) {
        if (value === null || typeof value !== 'object') return undefined;
        value = (value as Record<string | number, unknown>)[key];
      }
      return value;
    };
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
  const comparable = (typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string');
  if (!comparable) return false;
  const [p, q] = [x as number | string, y as number | string];
  return op === '>' ? p > q : op === '>=' ? p >= q : op === '<' ? p < q : p <= q;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
