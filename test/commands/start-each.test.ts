import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { testCtx } from '../helpers/ctx.js';
import { execution, fakeClient } from './fake-client.js';

function run(argv: string[], stdin?: string, tty = false) {
  const client = fakeClient({ StartExecution: (req) => execution({ Name: req.ExecutionName!, FlowName: req.FlowName, Input: req.Input }) });
  const ctx = testCtx({ client, stdin, tty });
  return main(['start', 'orders', '--each', ...argv], ctx).then((code) => ({ code, ctx, client }));
}

describe('fnf start --each', () => {
  it('starts one execution per NDJSON line, blank lines skipped, and prints their names', async () => {
    const { code, ctx, client } = await run([], '{"n":1}\n\n{"n":2}\r\n{"n":3}\n');
    expect(code).toBe(0);
    expect(client.calls.map((c) => c.params.Input)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    const names = client.calls.map((c) => c.params.ExecutionName);
    expect(new Set(names).size).toBe(3);
    expect(ctx.stdout.text).toBe(names.map((n) => `${n}\n`).join(''));
    expect(ctx.stderr.text).toBe('Started 3 executions of orders\n');
  });

  it('counts one execution in the singular', async () => {
    const { ctx } = await run([], '{"n":1}\n');
    expect(ctx.stderr.text).toBe('Started 1 execution of orders\n');
  });

  it('checks every line before starting any', async () => {
    const { code, ctx, client } = await run([], '{"n":1}\n{"n":\n');
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stderr.text.split('\n')[0]).toBe('fnf: stdin line 2: invalid JSON at line 1, column 6: unexpected end of input, expected a value');
  });

  it('prints one JSON document of the started executions with --query', async () => {
    const { ctx } = await run(['--query', 'Executions[].Input'], '{"n":1}\n{"n":2}\n');
    expect(JSON.parse(ctx.stdout.text)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it.each([
    [['--input', '{"n":1}'], undefined, false, 'fnf: --each reads one input per line from stdin'],
    [[], undefined, true, 'fnf: --each needs NDJSON piped on stdin, one input object per line'],
    [[], '\n', false, 'fnf: --each: stdin holds no input lines'],
  ])('%j refuses with exit 2', async (argv, stdin, tty, message) => {
    const { code, ctx } = await run(argv as string[], stdin as string | undefined, tty as boolean);
    expect(code).toBe(2);
    expect(ctx.stderr.text.split('\n')[0]).toBe(message);
  });
});
