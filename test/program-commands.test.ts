// A command line builds only the command it names (src/program.ts); the
// stored help of every command still matches (test/cli-entry.test.ts).
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/registry.js';
import { createProgram, runProgram } from '../src/program.js';
import { testCtx } from './helpers/ctx.js';

const built = async (argv?: string[]) => (await createProgram(testCtx(), argv)).commands.map((c) => c.name());
const all = commands.map((c) => c.name);

describe('the program for a command line', () => {
  it('names each command as its factory builds it', async () => {
    expect(await built()).toEqual(all);
  });

  it('holds only the command the line names, past the global options and their values', async () => {
    expect(await built(['describe', 'flow', 'run'])).toEqual(['describe']);
    expect(await built(['--profile', 'describe', '-v', '--region', 'cn-hangzhou', 'list', 'flow'])).toEqual(['list']);
    expect(await built(['-p', 'dev', 'flows', 'validate', 'x'])).toEqual(['flows']);
  });

  it('holds them all for help, an unknown command, no command, and shell completion', async () => {
    for (const argv of [['help', 'describe'], ['descrbe'], [], ['--verbose'], ['completion', 'bash'], ['__complete', 'wait', '']]) {
      expect(await built(argv), argv.join(' ')).toEqual(all);
    }
  });

  it('describes the help subcommand in the same words wherever it is listed', async () => {
    for (const argv of [['--help'], ['schedules', '--help'], ['task', '--help'], ['local', '--help']]) {
      const ctx = testCtx();
      await runProgram(argv, ctx);
      expect(ctx.stdout.text, argv.join(' ')).toMatch(/\n {2}help \[command\] +show help for a command\n/);
    }
    // Commands that run on their own (flows lists, test runs) list none.
    for (const argv of [['flows', '--help'], ['test', '--help']]) {
      const ctx = testCtx();
      await runProgram(argv, ctx);
      expect(ctx.stdout.text, argv.join(' ')).not.toMatch(/help \[command\]/);
    }
  });

  it('refuses an option of fnf test typed after `test record`, which does not take it', async () => {
    const ctx = testCtx();
    expect(await runProgram(['test', 'record', 'f', 'e', '--coverage'], ctx)).toBe(2);
    expect(ctx.stderr.text).toMatch(/^fnf: unknown option '--coverage'\n/);
  });

  it('still suggests the command a typo meant', async () => {
    const ctx = testCtx();
    expect(await runProgram(['descrbe'], ctx)).toBe(2);
    expect(ctx.stderr.text).toContain('describe');
  });
});
