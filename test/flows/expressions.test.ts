// The expression language beyond the built-in functions: the operators,
// literals and quote styles the Choice page defines, the paths ($Input,
// $Output, $Context, indexes, quoted keys, [*] wildcards), and what bad
// expressions get. Values run through the real engine (see evaluate.ts).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileExpression, ExpressionError } from '../../src/local/flow/expression.js';
import { StepError } from '../../src/local/flow/program.js';
import { cloudFlow, evaluate, failure, refusal, refusalOf, runFlow } from './evaluate.js';

// Conditional expressions, Choice state: https://alibabacloud.com/help/tc/serverless-workflow/latest/select-choice
// "comparisons > >= < <= == != for strings and numbers; logical || &&; strings between double quotes or backticks;
// numbers 1, 12.5; booleans true, false; prefixes ! and -; in: whether an array holds a value or an object a key".
describe('operators and literals of the Choice page', () => {
  const input = { n: 5, zero: 0, s: 'abc', tags: ['a', 'b'], user: { name: 'Tom' }, flag: false };
  test.each([
    ['$Input.n > 4', true],
    ['$Input.n >= 5', true],
    ['$Input.n < 5', false],
    ['$Input.n <= 4', false],
    ['$Input.n == 5', true],
    ['$Input.n != 5', false],
    ['$Input.s == "abc"', true],
    ['$Input.s < "abd"', true],
    ['$Input.s >= `abc`', true],
    ['$Input.n > "4"', false],
    ['$Input.n > 4 && $Input.s == "abc"', true],
    ['$Input.n > 9 || $Input.s == "abc"', true],
    ['$Input.n > 9 || $Input.s == "x"', false],
    ['!$Input.flag', true],
    ['!($Input.n > 4)', false],
    // A prefix binds tighter than a comparison: (!0) == 5, not !(0 == 5).
    ['!$Input.zero == 5', false],
    ['!!$Input.s', true],
    ['-$Input.n', -5],
    ['-$Input.n < 0', true],
    ['-(-3)', 3],
    ['12.5', 12.5],
    ['1', 1],
    ['true', true],
    ['false', false],
    ['null', null],
    ['"b" in $Input.tags', true],
    ['"z" in $Input.tags', false],
    ['"name" in $Input.user', true],
    ['"age" in $Input.user', false],
    ['$Input.user == {"name": "Tom"}', true],
    ['$Input.tags == ["a", "b"]', true],
    ['$Input.missing == null', true],
    // && stops at a false left side, so the right side's bad call is never made.
    ['$Input.missing != null && length($Input.missing) > 0', false],
  ])('%s', async (expr, value) => {
    expect(await evaluate(expr, input)).toEqual(value);
  });

  test('prefix - on something other than a number fails the step', async () => {
    expect(await failure('-$Input.s', { s: 'abc' })).toEqual({ error: 'FnF.InvalidArgument', cause: 'prefix "-" at column 1 needs a number, not a string ("abc")' });
  });

  // The page's example flow: status "ready" goes to Pass2, anything else to the Default, Pass1.
  test.each([['ready', 'Pass2'], ['failed', 'Pass1']])('the Choice example with status %s runs %s', async (status, next) => {
    const { steps } = await runFlow(cloudFlow('my-wkfl', 'Choice1',
      '- Type: Choice',
      '  Name: Choice1',
      '  Branches:',
      '    - Condition: $Input.status=="ready"',
      '      Next: Pass2',
      '  Default: Pass1',
      '- Type: Pass',
      '  Name: Pass1',
      '  End: true',
      '- Type: Pass',
      '  Name: Pass2',
      '  End: true'), { status });
    expect(steps).toEqual(['Choice1', next]);
  });
});

// Data passing, https://www.alibabacloud.com/help/ja/serverless-workflow/latest/data-transfer: "a Choice state's Condition,
// for example $Context.Current.Input.Size>=1024".
test.each([[4096, 'Large'], [10, 'Small']])('the data passing page\'s condition with Size %s runs %s', async (size, next) => {
  const { steps } = await runFlow(cloudFlow('sizes', 'BySize',
    '- Type: Choice',
    '  Name: BySize',
    '  Branches:',
    '    - Condition: $Context.Current.Input.Size>=1024',
    '      Next: Large',
    '  Default: Small',
    '- Type: Pass',
    '  Name: Large',
    '  End: true',
    '- Type: Pass',
    '  Name: Small',
    '  End: true'), { Size: size });
  expect(steps).toEqual(['BySize', next]);
});

describe('string constants', () => {
  test.each([
    ['"double"', 'double'],
    ["'single'", 'single'],
    ['`backtick`', 'backtick'],
    ['"it\'s"', "it's"],
    ["'say \"hi\"'", 'say "hi"'],
    ['`both \' and "`', 'both \' and "'],
    ['"tab\\tnew\\nline \\u00e9 \\"q\\""', 'tab\tnew\nline é "q"'],
    ["'it\\'s'", "it's"],
    // Backticks are raw, as in Go: a backslash stays a backslash.
    ['`C:\\new`', 'C:\\new'],
  ])('%s', async (expr, value) => {
    expect(await evaluate(expr)).toBe(value);
  });

  test.each(['"open', "'open", '`open'])('%s is refused: unterminated', (expr) => {
    expect(refusal(expr).message).toMatch(new RegExp(`unterminated string \\(opened with ${expr[0]}\\) at column 1`));
  });
});

describe('paths', () => {
  const input = {
    items: [{ sku: 'a', tags: ['x'] }, { sku: 'b', tags: ['y', 'z'] }, { note: 'no sku' }],
    orders: [{ lines: [{ sku: 'p' }, { sku: 'q' }] }, { lines: [{ sku: 'r' }] }],
    'odd key': 1,
    user: { name: 'Tom', age: 10 },
  };
  test.each([
    ['$Input.items[1].sku', 'b'],
    ['$Input.items[9]', null],
    ['$Input.items.length', null],
    ['$Input["odd key"]', 1],
    ["$Input['odd key']", 1],
    ['$Input.user.name', 'Tom'],
    ['$Context.Execution.Input.user.age', 10],
    ['$Context.Current.Name', 'Evaluate'],
    ['$Context.Current.Input.items[0].sku', 'a'],
    // A Pass state's output is its input, so $Output reads the same here.
    ['$Output.user.name', 'Tom'],
    // [*] gives the list of every match; missing fields are left out.
    ['$Input.items[*].sku', ['a', 'b']],
    ['$Input.items[*].tags[0]', ['x', 'y']],
    ['$Input.orders[*].lines[*].sku', ['p', 'q', 'r']],
    ['$Input.user[*]', ['Tom', 10]],
    ['$Input.missing[*].sku', []],
    ['length($Input.items[*].sku)', 2],
    ['"b" in $Input.items[*].sku', true],
    ['stringToJson(\'{"a": [1, 2]}\').a[1]', 2],
  ])('%s', async (expr, value) => {
    expect(await evaluate(expr, input)).toEqual(value);
  });

  test('an InputConstructor may not read $Output', () => {
    const err = refusalOf(cloudFlow('roots', 'A', '- Type: Pass', '  Name: A', '  InputConstructor:', '    x.$: $Output.x', '  End: true'));
    expect(err.message).toBe('bad expression "$Output.x": unknown variable $Output (use $Input, $Context, $Global) at column 1');
    expect(err.place).toBe('States[0].InputConstructor.x.$ (line 9)');
  });

  test.each([
    ['$Input.', /expected a field name after "\." at column 8/],
    ['$Input[', /expected an index, a quoted key or \* inside \[ \] at column 8/],
    ['$Input[1.5]', /expected an index, a quoted key or \* inside \[ \] at column 8/],
    ['$Nope.x', /unknown variable \$Nope \(use \$Input, \$Output, \$Context, \$Global\) at column 1/],
  ])('%s is refused', (expr, message) => {
    expect(refusal(expr).message).toMatch(message);
  });
});

describe('nesting that would exhaust the parser is refused, not a crash', () => {
  test.each([
    ['parentheses', `${'('.repeat(5000)}1${')'.repeat(5000)}`],
    ['prefixes', `${'!'.repeat(5000)}true`],
    ['array literals', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['object literals', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
  ])('%s', (_what, expr) => {
    expect(refusal(expr).message).toMatch(/nested more than 64 levels deep/);
  });
});

// FDL conditions and mappings compile through the same code with FDL's roots.
describe('FDL roots', () => {
  const FDL_ROOTS = ['$', '$input', '$local', '$context'];
  const vars = { $: { status: 'ready' }, $input: { n: 2 }, $local: [{ result: 'a' }, { result: 'b' }, {}], $context: { step: { name: 's' } } };
  test.each([
    ['$.status == "ready"', true],
    ['$input.n * 1', undefined],
    ['$local[*].result', ['a', 'b']],
    ['$context.step.name', 's'],
    ["format('{}-{}', $.status, $input.n)", 'ready-2'],
  ])('%s', (expr, value) => {
    if (value === undefined) expect(() => compileExpression(expr, FDL_ROOTS)).toThrow(/unexpected text after the expression/);
    else expect(compileExpression(expr, FDL_ROOTS)(vars)).toEqual(value);
  });
});

// Any text gets a compiled expression or one ExpressionError; any compiled expression gives a value or one StepError.
test('random expressions never crash the compiler or the evaluator', () => {
  const pieces = [
    '$Input', '$Context', '.a', '[0]', '[*]', '["k"]', '(', ')', '[', ']', '{', '}', ',', ':', '"s"', "'t'", '`u`', '1', '2.5', '-',
    '!', '&&', '||', '==', '!=', '<', '>=', ' in ', 'true', 'null', 'format(', 'toArray(', 'length(', 'jsonMerge(', 'split(', 'get(',
    'hash(', 'uuid(', 'stringToJson(', 'jsonToString(', 'arrayUnique(', 'intAdd(', 'mapKeys(', 'nope(', 'x', '"{}"', '\\', '"',
  ];
  const vars = { $Input: { a: [1, { a: 'x' }], k: { a: 2 } }, $Context: { a: 'c' } };
  fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
    let expr;
    try {
      expr = compileExpression(parts.join(''), ['$Input', '$Context']);
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      return;
    }
    try {
      JSON.stringify(expr(vars));
    } catch (err) {
      expect(err).toBeInstanceOf(StepError);
    }
  }), { numRuns: 3000 });
});
