// `--query <JMESPath>`: picks fields from the JSON a command prints, as the
// aliyun and AWS CLIs do. The library names what is wrong with an expression
// but not where; the column is found here, so a bad expression gets one
// error that points at it. Loaded only when --query is given.
import { compile, tokenize, TreeInterpreter, type JSONValue } from '@jmespath-community/jmespath';
import { UsageError } from '../errors.js';

export interface Query {
  expression: string;
  /** What the expression selects from `value` (a JSON document). */
  apply(value: unknown): unknown;
}

export function compileQuery(expression: string): Query {
  let ast: ReturnType<typeof compile>;
  try {
    ast = compile(expression);
  } catch (err) {
    throw syntaxError(expression, err);
  }
  return {
    expression,
    apply(value) {
      try {
        // A round trip through JSON: the library wants plain JSON values, without undefined.
        return TreeInterpreter.search(ast, JSON.parse(JSON.stringify(value)) as JSONValue);
      } catch (err) {
        throw new UsageError(`--query ${JSON.stringify(expression)}: ${messageOf(err)}`);
      }
    },
  };
}

function syntaxError(expression: string, err: unknown): UsageError {
  const column = errorColumn(expression);
  const reason = messageOf(err).replace(/^Syntax error: /, '');
  return new UsageError(`--query: invalid JMESPath at column ${column}: ${reason}`, `  ${expression}\n  ${' '.repeat(column - 1)}^`);
}

/**
 * The 1-based column of the first token the parser cannot take. Every prefix
 * of a good start fails only by running out of text (an error naming EOF) or
 * not at all; the first token whose prefix fails otherwise is the culprit.
 * When the text itself cannot be split into tokens, the culprit is where the
 * shortest failing prefix ends.
 */
function errorColumn(expression: string): number {
  let tokens: Array<{ start: number }>;
  try {
    tokens = tokenize(expression) as Array<{ start: number }>;
  } catch {
    for (let end = 1; end <= expression.length; end++) {
      try {
        tokenize(expression.slice(0, end));
      } catch {
        return firstFailingStart(expression, end);
      }
    }
    return expression.length + 1;
  }
  for (let i = 0; i < tokens.length; i++) {
    const end = tokens[i + 1]?.start ?? expression.length;
    try {
      compile(expression.slice(0, end));
    } catch (err) {
      if (!/EOF/.test(messageOf(err))) return tokens[i]!.start + 1;
    }
  }
  return expression.length + 1;
}

/** An unterminated literal or string fails from its opening quote on: point there, else at the last character read. */
function firstFailingStart(expression: string, end: number): number {
  const opener = expression.slice(0, end).search(/[`'"][^`'"]*$/);
  return (opener >= 0 ? opener : end - 1) + 1;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
