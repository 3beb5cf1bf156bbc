// The entry point. `fnf --version` and `fnf … --help` are answered from text
// stored at build time, without loading commander or any command: they are
// typed most and should cost no more than starting Node. Everything else goes
// to the commander program in program.js, a bundle of its own that this file
// reaches only through import() (see .ci/build.mjs). main() never calls process.exit: bin/fnf.js sets
// process.exitCode, so piped output drains.
import { readFileSync } from 'node:fs';
import pkg from '../package.json' with { type: 'json' };
import { createProcessContext, type Ctx } from './context.js';

/** Written by .ci/build.mjs next to the bundle: program.ts helpTexts(). */
const HELP_FILE = new URL('./help.json', import.meta.url);
/** The stored help is wrapped for 80 columns: narrower terminals get commander's own. */
const HELP_COLUMNS = 80;

const processContext = (): Ctx => createProcessContext(async (globals, ctx) => (await import('./program.js')).clientFor(globals, ctx));

export async function main(argv: string[], ctx: Ctx = processContext()): Promise<number> {
  const stored = storedAnswer(argv, ctx);
  if (stored !== undefined) {
    ctx.io.stdout.write(stored);
    return 0;
  }
  const { runProgram } = await import('./program.js');
  return runProgram(argv, ctx);
}

/** The build calls this to write help.json. */
export async function generateHelpTexts(ctx: Ctx = processContext()): Promise<Record<string, string>> {
  const { helpTexts } = await import('./program.js');
  return helpTexts(ctx);
}

function storedAnswer(argv: string[], ctx: Ctx): string | undefined {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return `${pkg.version}\n`;
  const last = argv.at(-1);
  if (last !== '--help' && last !== '-h') return undefined;
  if (ctx.io.stdoutIsTTY && ctx.io.columns() < HELP_COLUMNS) return undefined;
  return readHelpTexts()?.[argv.slice(0, -1).join(' ')];
}

function readHelpTexts(): Record<string, string> | undefined {
  try {
    return JSON.parse(readFileSync(HELP_FILE, 'utf8')) as Record<string, string>;
  } catch {
    // Running from src/ (tests) or a partial build: commander answers instead.
    return undefined;
  }
}
