// Start-up and shutdown of `fnf local serve` as a user runs it: generated key
// pair and its file modes, the banner, warnings, and the exit-2 failures.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FNF_BIN, ROOT, emptyHome, runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir } from '../helpers/endpoint.js';

/** Runs `fnf local serve ARGS` until `ready` matches its stdout+stderr, then SIGTERM; returns everything it printed and its exit code. */
function serveUntil(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [FNF_BIN, 'local', 'serve', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: emptyHome(), NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  // One signal only: a second one is the user insisting, and kills at once.
  const check = () => {
    if (signalled || !ready.test(stdout + stderr)) return;
    signalled = true;
    child.kill('SIGTERM');
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), check()));
  child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), check()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    }));
}

describe('fnf local serve start-up', () => {
  it('creates a key pair on first start (file 0600, data dir 0700), prints one JSON line, and reuses the pair', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'fnf-serve-')), 'data');
    const first = await serveUntil(['--port', '0', '--json', '--data', dataDir], /^\{.*\n/);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]!);
    expect(ready).toEqual({ endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), dataDir, flows: [] });
    const credentials = join(dataDir, 'credentials.json');
    expect(first.stderr).toContain(credentials);
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const pair = JSON.parse(readFileSync(credentials, 'utf8'));
    expect(pair).toEqual({ accessKeyId: expect.any(String), accessKeySecret: expect.any(String) });
    expect(first.stdout + first.stderr).not.toContain(pair.accessKeySecret);

    const second = await serveUntil(['--port', '0', '--json', '--data', dataDir], /^\{.*\n/);
    expect(JSON.parse(readFileSync(credentials, 'utf8'))).toEqual(pair);
    expect(second.stderr).not.toContain('created');
  });

  it('prints a short human banner on stderr without --json, and warns off loopback without a given pair', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fnf-serve-'));
    const flows = writeFlowsDir({ 'hello.yaml': 'Type: StateMachine\nSpecVersion: v1\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n' });
    const run = await serveUntil(['--port', '0', '--host', '0.0.0.0', '--data', dataDir, '--flows', flows], /Ctrl-C/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
    expect(run.stderr).toMatch(/flows\s+hello/);
    expect(run.stderr).toMatch(/warning: listening on 0\.0\.0\.0/);
  });

  it('stops with exit 2 and file:line when a flow file is bad', async () => {
    const flows = writeFlowsDir({ 'good.yaml': 'Type: StateMachine\nSpecVersion: v1\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n',
      'bad.yaml': 'Type: StateMachine\nSpecVersion: v1\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    Next: missing\n' });
    const res = await runCli(['local', 'serve', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'fnf-serve-')), '--flows', flows], { timeoutMs: 15_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^fnf: \S*\/bad\.yaml:7: States\[0\]\.Next: no state named "missing" in this scope$/m);
    expect(res.stderr.match(/bad\.yaml/g)).toHaveLength(1);
    expect(res.stdout).toBe('');
  });

  it('stops with exit 2 and one line when the data dir is a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fnf-serve-')), 'a-file');
    writeFileSync(file, '');
    const res = await runCli(['local', 'serve', '--port', '0', '--data', file], { timeoutMs: 15_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`fnf: cannot use ${file} as the data directory: a file is in the way of its directory\n`);
  });

  it('stops with exit 2 and one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const res = await runCli(['local', 'serve', '--port', String(port), '--data', mkdtempSync(join(tmpdir(), 'fnf-serve-'))], { timeoutMs: 15_000 });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a second server on the same data dir (exit 2), and takes over a lock left by kill -9', async () => {
    const first = await startEndpoint();
    try {
      const res = await runCli(['local', 'serve', '--port', '0', '--data', first.dataDir], { timeoutMs: 15_000 });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`${first.dataDir} is in use by another fnf local serve`);
      await first.kill9();
      await first.restart();
      expect((await first.popClient().request('ListFlows', {})).Flows).toEqual([]);
    } finally {
      await first.stop();
    }
  });

  it('exit 2 for bad option values', async () => {
    for (const args of [['--port', '70000'], ['--time-scale', '0'], ['--access-key-id', 'only-the-id']]) {
      const res = await runCli(['local', 'serve', ...args], { timeoutMs: 15_000 });
      expect(res.code).toBe(2);
    }
  });
});
