// Every way to give `fnf start` its input, through the built CLI against a
// local endpoint: what arrives, and that bad input sends nothing (exit 2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNF_BIN, emptyHome, runCli, runProcess, type CliResult } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';
import { writeFlowsDir } from './flows.js';

let ep: Endpoint;
const dir = mkdtempSync(join(tmpdir(), 'fnf-e2e-input-'));

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir() });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[], input?: string) => runCli(args, { env: ep.cliEnv, input, cwd: dir });

/** A real shell pipeline into the CLI, as a user types it. */
function pipeInto(script: string): Promise<CliResult> {
  return runProcess('sh', ['-c', script], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: emptyHome(), NO_COLOR: '1', FNF: `${process.execPath} ${FNF_BIN}`, ...ep.cliEnv },
  });
}

async function startedInput(result: CliResult): Promise<string> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const doc = JSON.parse(result.stdout);
  const described = await ep.popClient().request('DescribeExecution', { FlowName: 'three_steps', ExecutionName: doc.Name });
  return described.Input;
}

async function executionCount(): Promise<number> {
  const res = await ep.popClient().request('ListExecutions', { FlowName: 'three_steps', Limit: 100 });
  return res.Executions.length;
}

describe('fnf start: input routes', () => {
  it('inline JSON', async () => {
    expect(await startedInput(await fnf(['start', 'three_steps', '--input', '{"route":"inline"}', '-o', 'json']))).toBe('{"route":"inline"}');
  });

  it('@file and --input-file', async () => {
    writeFileSync(join(dir, 'order.json'), '{\n  "route": "file"\n}\n');
    expect(await startedInput(await fnf(['start', 'three_steps', '--input', '@order.json', '-o', 'json']))).toBe('{\n  "route": "file"\n}');
    expect(await startedInput(await fnf(['start', 'three_steps', '--input-file', join(dir, 'order.json'), '-o', 'json']))).toBe('{\n  "route": "file"\n}');
  });

  it('a real shell pipe, with --input - and with no --input', async () => {
    const explicit = await pipeInto(`echo '{"route":"pipe"}' | $FNF start three_steps --input - --output json`);
    expect(await startedInput(explicit)).toBe('{"route":"pipe"}');
    const implicit = await pipeInto(`printf '{"route":"implicit"}' | $FNF start three_steps --output json`);
    expect(await startedInput(implicit)).toBe('{"route":"implicit"}');
  });

  it('an empty pipe starts with {}', async () => {
    expect(await startedInput(await fnf(['start', 'three_steps', '-o', 'json'], ''))).toBe('{}');
  });

  it('keeps the digits of integers beyond 2^53', async () => {
    expect(await startedInput(await fnf(['start', 'three_steps', '--input', '{"id":12345678901234567890123}', '-o', 'json']))).toBe('{"id":12345678901234567890123}');
  });
});

describe('fnf start: bad input exits 2 and sends nothing', () => {
  let before: number;
  beforeAll(async () => {
    writeFileSync(join(dir, 'broken.json'), '{\n  "a": 1,\n  "b": [1, 2\n}\n');
    before = await executionCount();
  });
  afterAll(async () => {
    expect(await executionCount()).toBe(before);
  });

  async function expectRefused(result: CliResult, message: string | RegExp) {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(message);
    // --verbose logs every request: none may appear.
    expect(result.stderr).not.toContain('→');
  }

  it('malformed JSON in a file: file, line and column', async () => {
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--input', '@broken.json']), "fnf: broken.json: invalid JSON at line 4, column 1: unexpected '}', expected ',' or ']'");
  });

  it('malformed JSON inline and piped', async () => {
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--input', '{"a" 1}']), "fnf: --input: invalid JSON at line 1, column 6: unexpected '1', expected ':' after the property name");
    await expectRefused(await pipeInto(`printf '{"a":\\n  nope}' | $FNF -v start three_steps`), "fnf: stdin: invalid JSON at line 2, column 3: unexpected 'n', expected a value");
  });

  it('not an object', async () => {
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--input', '[1,2,3]']), 'fnf: --input: input must be a JSON object, got an array');
  });

  it('over 64 KiB, inline and through a pipe that never ends', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(70_000) });
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--input', big]), 'fnf: --input: input is 68.4 KiB, over the 64 KiB limit of the service');
    const endless = await pipeInto('yes "{}" | $FNF -v start three_steps --input -');
    await expectRefused(endless, 'fnf: stdin: input is more than 68 KiB, over the 64 KiB limit of the service');
    expect(endless.ms).toBeLessThan(10_000);
  });

  it('a missing file, and both --input and --input-file', async () => {
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--input', '@nope.json']), 'fnf: cannot read nope.json: no such file');
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--input', '{}', '--input-file', 'x.json']), 'fnf: --input and --input-file cannot be used together');
  });

  it('an invalid flow or execution name', async () => {
    await expectRefused(await fnf(['-v', 'start', 'three steps']), `fnf: invalid flow name "three steps": ' ' is not allowed`);
    await expectRefused(await fnf(['-v', 'start', 'three_steps', '--name', '-x']), /^fnf: invalid execution name/);
  });
});
