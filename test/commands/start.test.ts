import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { FollowOptions } from '../../src/commands/follow.js';
import { testCtx, type TestCtx } from '../helpers/ctx.js';
import { execution, fakeClient, type FakeClient, type Handlers } from './fake-client.js';

const followed: FollowOptions[] = [];
vi.mock('../../src/commands/follow.js', () => ({
  followExecution: async (opts: FollowOptions) => {
    followed.push(opts);
    return 4;
  },
}));

const GENERATED = /^orders-20260102-030405-[0-9a-z]{6}$/;

function started(req: { FlowName: string; ExecutionName?: string; Input?: string }) {
  return execution({ FlowName: req.FlowName, Name: req.ExecutionName ?? 'x', Input: req.Input });
}

async function run(argv: string[], opts: { stdin?: string; tty?: boolean; cwd?: string; handlers?: Handlers } = {}): Promise<{ code: number; ctx: TestCtx; client: FakeClient }> {
  const client = fakeClient(opts.handlers ?? { StartExecution: started });
  const ctx = testCtx({ client, stdin: opts.stdin, tty: opts.tty, cwd: opts.cwd });
  const code = await main(argv, ctx);
  return { code, ctx, client };
}

beforeEach(() => {
  followed.length = 0;
});

describe('fnf start: argv → request', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-start-'));
  writeFileSync(join(dir, 'order.json'), '{"order": 7}\n');

  it.each([
    [['start', 'orders', '--input', '{"a":1}'], { FlowName: 'orders', Input: '{"a":1}' }],
    [['start', 'orders', '-i', '@order.json'], { FlowName: 'orders', Input: '{"order": 7}' }],
    [['start', 'orders', '--input-file', 'order.json'], { FlowName: 'orders', Input: '{"order": 7}' }],
    [['start', 'orders', '--name', 'run_1'], { FlowName: 'orders', ExecutionName: 'run_1', Input: '{}' }],
    [['start', 'orders', '--qualifier', 'v2'], { FlowName: 'orders', Input: '{}', Qualifier: 'v2' }],
  ] as Array<[string[], Record<string, string>]>)('%j', async (argv, expected) => {
    const { code, client } = await run(argv, { cwd: dir });
    expect(code).toBe(0);
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0]!.action).toBe('StartExecution');
    expect(client.calls[0]!.params).toMatchObject(expected);
    expect(client.calls[0]!.params.ExecutionName).toMatch(expected.ExecutionName ?? GENERATED);
    if (!('Qualifier' in expected)) expect(client.calls[0]!.params).not.toHaveProperty('Qualifier');
  });

  it('reads piped stdin when no --input is given', async () => {
    const { client } = await run(['start', 'orders'], { stdin: '{"piped": 1}\n' });
    expect(client.calls[0]!.params.Input).toBe('{"piped": 1}');
  });

  it('sends {} with a terminal on stdin', async () => {
    const { client } = await run(['start', 'orders'], { tty: true });
    expect(client.calls[0]!.params.Input).toBe('{}');
  });

  it.each([
    [['start', 'orders', '--input', '{"a":'], '--input: invalid JSON at line 1, column 6: unexpected end of input, expected a value'],
    [['start', 'orders', '--input', '[1]'], '--input: input must be a JSON object, got an array'],
    [['start', 'orders', '--input', '{}', '--input-file', 'x.json'], '--input and --input-file cannot be used together'],
    [['start', 'orders', '--input', '@missing.json'], 'cannot read missing.json: no such file'],
    [['start', '9orders'], 'invalid flow name "9orders": it must start with a letter or _'],
    [['start', 'orders', '--name', 'a b'], `invalid execution name "a b": ' ' is not allowed`],
    [['start', 'orders', '--junit', 'report.xml'], '--junit reports on a watch: add --wait'],
    [['start', 'orders', '--query', 'Name', '--output', 'text'], '--query selects from JSON: use it with --output json (or ndjson), or leave --output out'],
  ])('%j → exit 2, nothing sent', async (argv, message) => {
    const { code, ctx, client } = await run(argv, { cwd: dir });
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text.split('\n')[0]).toBe(`fnf: ${message}`);
  });

  it.each([
    [['start', 'orders', '--timeout', '5x']],
    [['start', 'orders', '--output', 'yaml']],
    [['start', 'orders', '--wait', '--sync']],
    [['start', 'orders', '--sync', '--qualifier', 'v1']],
    [['start']],
  ])('%j is a usage error', async (argv) => {
    const { code, client, ctx } = await run(argv);
    expect(code).toBe(2);
    expect(client.calls).toEqual([]);
    expect(ctx.stderr.text).toMatch(/^fnf: .*\n\(see `fnf start --help`\)\n$/);
  });
});

describe('fnf start: output', () => {
  it('prints the execution and how to follow it on a terminal', async () => {
    const { code, ctx } = await run(['start', 'orders', '--name', 'run_1', '--profile', 'dev', '--access-key-secret', 'TOPSECRET1'], { tty: true });
    expect(code).toBe(0);
    expect(ctx.stdout.text).toBe('Started run_1 (Running)\n');
    expect(ctx.stderr.text).toBe('Follow it:     fnf wait orders run_1 --profile dev\nDescribe it:   fnf describe orders run_1 --profile dev\n');
  });

  it('prints only the name on a piped stdout, the sentence on stderr', async () => {
    const { ctx } = await run(['start', 'orders', '--name', 'run_1']);
    expect(ctx.stdout.text).toBe('run_1\n');
    expect(ctx.stderr.text).toBe('Started run_1 (Running)\nFollow it:     fnf wait orders run_1\nDescribe it:   fnf describe orders run_1\n');
  });

  it('prints only the name with --quiet, even on a terminal', async () => {
    const { ctx } = await run(['-q', 'start', 'orders', '--name', 'run_1'], { tty: true });
    expect(ctx.stdout.text).toBe('run_1\n');
    expect(ctx.stderr.text).toBe('');
  });

  it('prints one JSON document with the API field names', async () => {
    const { ctx } = await run(['start', 'orders', '--name', 'run_1', '--input', '{"a": 1}', '--output', 'json']);
    expect(JSON.parse(ctx.stdout.text)).toEqual({ Name: 'run_1', FlowName: 'orders', Status: 'Running', StartedTime: '2026-01-02T03:04:05.000Z', Input: '{"a": 1}' });
    expect(ctx.stderr.text).toBe('');
  });

  it('prints one line with --output ndjson', async () => {
    const { ctx } = await run(['start', 'orders', '--name', 'run_1', '--output', 'ndjson']);
    expect(ctx.stdout.text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(ctx.stdout.text).Name).toBe('run_1');
  });

  it('hands the started execution to the watcher with --wait and returns its exit code', async () => {
    const { code, client } = await run(['--endpoint', 'http://127.0.0.1:9', 'start', 'orders', '--wait', '--timeout', '90s', '-o', 'ndjson']);
    expect(code).toBe(4);
    const name = client.calls[0]!.params.ExecutionName as string;
    expect(name).toMatch(GENERATED);
    expect(followed).toEqual([{
      flowName: 'orders', executionName: name, startedAt: expect.any(Number), output: 'ndjson', timeoutMs: 90_000, timeoutSince: expect.any(Number),
      resumeCommand: `fnf wait orders ${name} --endpoint http://127.0.0.1:9`,
      describeCommand: `fnf describe orders ${name} --endpoint http://127.0.0.1:9`,
    }]);
  });
});

describe('fnf start --sync', () => {
  const sync = (status: 'Succeeded' | 'Failed', extra = {}) => ({
    StartSyncExecution: (req: { FlowName: string; ExecutionName?: string }) => ({
      RequestId: 'r', Name: req.ExecutionName!, FlowName: req.FlowName, Status: status, StartedTime: '2026-01-02T03:04:05.000Z', ...extra,
    }),
  });

  it('prints the output and exits 0 when it succeeded', async () => {
    const { code, ctx, client } = await run(['start', 'orders', '--sync', '--input', '{"n":2}'], { handlers: sync('Succeeded', { Output: '{"n":4}' }) });
    expect(code).toBe(0);
    expect(client.calls.map((c) => c.action)).toEqual(['StartSyncExecution']);
    expect(ctx.stdout.text).toBe('{"n":4}\n');
  });

  it('reports the error and exits 1 when it failed', async () => {
    const { code, ctx } = await run(['start', 'orders', '--sync', '--name', 'x1'], { handlers: sync('Failed', { ErrorCode: 'Boom', ErrorMessage: 'it broke' }) });
    expect(code).toBe(1);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toBe('fnf: execution x1 Failed: Boom: it broke\n');
  });
});
