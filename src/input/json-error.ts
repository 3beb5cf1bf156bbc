// V8's JSON.parse messages carry a position only for some errors ("Unexpected
// token 'x', ..." has none), so a failed parse is re-scanned here to find
// where the text stops being JSON and say why, as line and column.

export interface JsonErrorLocation {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  reason: string;
}

class JsonScanError extends Error {
  constructor(readonly offset: number, reason: string) {
    super(reason);
  }
}

/** Where the first syntax error in `text` is; undefined when the text is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  try {
    new JsonScanner(text).document();
    return undefined;
  } catch (err) {
    if (!(err instanceof JsonScanError)) throw err;
    return { ...lineAndColumn(text, err.offset), reason: err.message };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}

const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_CHUNK = /[^"\\\u0000-\u001f]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class JsonScanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  /**
   * Walks the document with an explicit stack of open brackets instead of
   * recursion: 64 KiB of "[" is 65,536 levels, far past the call stack.
   */
  document(): void {
    const open: Array<'{' | '['> = [];
    for (;;) {
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === '{' || ch === '[') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === (ch === '{' ? '}' : ']')) {
          this.pos++;
        } else {
          open.push(ch);
          if (ch === '{') this.key();
          continue;
        }
      } else {
        this.scalar();
      }
      // A value just ended: close what it ends, or go on after a comma.
      for (;;) {
        this.skipSpace();
        const top = open[open.length - 1];
        if (top === undefined) {
          if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
          return;
        }
        const close = top === '{' ? '}' : ']';
        if (this.text[this.pos] === ',') {
          this.pos++;
          if (top === '{') this.key();
          break;
        }
        if (this.text[this.pos] !== close) this.failExpecting(`',' or '${close}'`);
        this.pos++;
        open.pop();
      }
    }
  }

  /** A property name and its colon. */
  private key(): void {
    this.skipSpace();
    if (this.text[this.pos] !== '"') this.failExpecting('a property name in double quotes');
    this.string();
    this.skipSpace();
    if (this.text[this.pos] !== ':') this.failExpecting("':' after the property name");
    this.pos++;
  }

  private scalar(): void {
    const ch = this.text[this.pos];
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.pos));
    if (literal) {
      this.pos += literal.length;
      return;
    }
    this.fail(ch === undefined ? 'unexpected end of input, expected a value' : `unexpected ${describe(ch)}, expected a value`);
  }

  private string(): void {
    const start = this.pos;
    this.pos++;
    for (;;) {
      this.pos = matchEnd(STRING_CHUNK, this.text, this.pos) ?? this.pos;
      const ch = this.text[this.pos];
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch === undefined) throw new JsonScanError(start, 'unterminated string');
      if (ch === '\\') {
        const end = matchEnd(ESCAPE, this.text, this.pos);
        if (end === undefined) this.fail('invalid escape in string');
        this.pos = end;
        continue;
      }
      this.fail('control character in string (escape it, e.g. \\n)');
    }
  }

  private number(): void {
    const end = matchEnd(NUMBER, this.text, this.pos);
    if (end === undefined) this.fail('invalid number');
    this.pos = end;
  }

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private failExpecting(what: string): never {
    const ch = this.text[this.pos];
    this.fail(ch === undefined ? `unexpected end of input, expected ${what}` : `unexpected ${describe(ch)}, expected ${what}`);
  }

  private fail(reason: string): never {
    throw new JsonScanError(this.pos, reason);
  }
}

function matchEnd(pattern: RegExp, text: string, at: number): number | undefined {
  pattern.lastIndex = at;
  const m = pattern.exec(text);
  return m && m[0].length > 0 ? at + m[0].length : undefined;
}

function describe(ch: string): string {
  return /[\x00-\x1f]/.test(ch) ? `character U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : `'${ch}'`;
}
