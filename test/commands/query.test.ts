// --query <JMESPath> on the commands that print JSON.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { compileQuery } from '../../src/ui/query.js';
import { testCtx } from '../helpers/ctx.js';
import { follow } from '../ui/follow-helpers.js';
import { failingMap } from '../watch/scripts.js';
import { execution, fakeClient } from './fake-client.js';

function run(argv: string[]) {
  const client = fakeClient({
    DescribeExecution: (req) => execution({ Name: req.ExecutionName, FlowName: req.FlowName, Output: '{"total":3}' }),
    ListExecutions: () => ({ RequestId: 'r', Executions: [execution({ Name: 'a', Status: 'Failed' }), execution({ Name: 'b' })] }),
  });
  const ctx = testCtx({ client });
  return main(argv, ctx).then((code) => ({ code, ctx, client }));
}

describe('--query', () => {
  it('prints what the expression selects, as JSON, without --output', async () => {
    const { code, ctx } = await run(['describe', 'f', 'e1', '--query', 'Status']);
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe('"Running"\n');
  });

  it('filters and projects lists (raw strings in single quotes)', async () => {
    const { ctx } = await run(['list', 'f', '--query', "Executions[?Status=='Failed'].Name"]);
    expect(JSON.parse(ctx.stdout.text)).toEqual(['a']);
  });

  it.each([
    ['Executions[?Status==`Failed`].Name', 21, 'unexpected end of JSON input or invalid format for a JSON literal: `'],
    ['a.b | [0', 9, 'expected Rbracket, got: EOF'],
    ['a[?b==]', 7, 'invalid token (Rbracket): "]"'],
    ['a#b', 2, 'unknown character: #'],
  ])('a bad expression %j exits 2 naming its column %d, nothing sent', async (expression, column, reason) => {
    const { code, ctx, client } = await run(['describe', 'f', 'e1', '--query', expression]);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stderr.text).toBe(`fnf: --query: invalid JMESPath at column ${column}: ${reason}\n  ${expression}\n  ${' '.repeat(column - 1)}^\n`);
  });

  it('refuses --output text, which it cannot select from', async () => {
    const { code, ctx } = await run(['list', 'f', '--query', 'Executions', '--output', 'text']);
    expect(code).toBe(2);
    expect(ctx.stderr.text.split('\n')[0]).toBe('fnf: --query selects from JSON: use it with --output json (or ndjson), or leave --output out');
  });

  it('an expression that fails on the data is a usage error too', async () => {
    const { code, ctx } = await run(['describe', 'f', 'e1', '--query', 'abs(Name)']);
    expect(code).toBe(2);
    expect(ctx.stderr.text).toMatch(/^fnf: --query "abs\(Name\)": /);
  });

  it('selects from each line with --output ndjson while watching', async () => {
    const { code, ctx } = await follow(failingMap, { output: 'ndjson', query: compileQuery('type') });
    expect(code).toBe(1);
    const lines = ctx.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toBe('"ExecutionStarted"');
    expect(lines.at(-1)).toBe('"Execution"');
  });
});

describe('--query on fnf flows', () => {
  it('selects from the listing', async () => {
    const client = fakeClient({ ListFlows: () => ({ RequestId: 'r', Flows: [{ Name: 'a' }, { Name: 'b' }] as never }) });
    const ctx = testCtx({ client });
    expect(await main(['flows', '--query', 'Flows[].Name'], ctx)).toBe(0);
    expect(JSON.parse(ctx.stdout.text)).toEqual(['a', 'b']);
  });
});
