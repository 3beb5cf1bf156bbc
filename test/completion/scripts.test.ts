// completions/ holds what `fnf completion <shell>` prints; `npm run build`
// regenerates it, and this fails when the checked-in files fall behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/program.js';
import { testCtx } from '../helpers/ctx.js';
import { ROOT } from '../helpers/cli.js';

const FILES = { bash: 'fnf.bash', zsh: '_fnf', fish: 'fnf.fish' } as const;

async function printed(shell: string) {
  const ctx = testCtx();
  await (await createProgram(ctx)).parseAsync(['completion', shell], { from: 'user' });
  return ctx.stdout.text;
}

describe('fnf completion <shell>', () => {
  for (const [shell, file] of Object.entries(FILES)) {
    it(`prints the ${shell} script checked in as completions/${file} (run \`npm run build\` if this fails)`, async () => {
      const script = await printed(shell);
      expect(script).toContain('__complete --');
      expect(readFileSync(join(ROOT, 'completions', file), 'utf8')).toBe(script);
    });
  }

  it('rejects another shell with a usage error naming the choices', async () => {
    const ctx = testCtx();
    await expect((await createProgram(ctx)).parseAsync(['completion', 'tcsh'], { from: 'user' })).rejects.toThrow();
    expect(ctx.stderr.text).toMatch(/bash, zsh, fish/);
  });
});
