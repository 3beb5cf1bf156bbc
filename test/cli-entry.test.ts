// `fnf --version` and `fnf … --help` are answered by the entry point from
// dist/help.json; this holds that file to what commander itself prints.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { runProgram } from '../src/program.js';
import { FNF_BIN, ROOT, cliEnv, runCli } from './helpers/cli.js';
import { testCtx } from './helpers/ctx.js';

const stored = JSON.parse(readFileSync(join(ROOT, 'dist', 'help.json'), 'utf8')) as Record<string, string>;

describe('answers stored at build time', () => {
  it('cover every visible command, and match what commander prints now', async () => {
    expect(Object.keys(stored)).toEqual(expect.arrayContaining(['', 'start', 'wait', 'describe', 'local serve', 'task succeed']));
    for (const [path, text] of Object.entries(stored)) {
      const ctx = testCtx();
      const code = await runProgram([...(path ? path.split(' ') : []), '--help'], ctx);
      expect(code, path).toBe(0);
      expect(ctx.stdout.text, `fnf ${path} --help`).toBe(text);
    }
  });

  it('are what the built CLI prints, with exit 0', async () => {
    const [version, help, startHelp] = await Promise.all([runCli(['--version']), runCli(['--help']), runCli(['start', '-h'])]);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(help).toMatchObject({ code: 0, stdout: stored[''], stderr: '' });
    expect(startHelp).toMatchObject({ code: 0, stdout: stored.start, stderr: '' });
  });

  it('end quietly when the reader has gone: status 141 (as SIGPIPE would), or 0 if the write got in first', async () => {
    const child = spawn(process.execPath, [FNF_BIN, '--help'], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect([0, 141]).toContain(code);
  });

  it('leave everything else to commander', async () => {
    const res = await runCli(['start', 'bad name!', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(stored.start);
    const wrong = await runCli(['--versoin']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown option '--versoin'");
  });
});
