// The entry point. `fnf --version` and `fnf … --help` are answered from text
// stored at build time, without loading commander or any command: they are
// typed most and should cost no more than starting Node. Everything else goes
// to the commander program, a bundle of its own (dist/program-<hash>.cjs) that
// this file loads with a V8 code cache (see code-cache.ts and .ci/build.mjs).
// main() never calls process.exit: bin/fnf.js sets process.exitCode, so piped
// output drains.
import { readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pkg from '../package.json' with { type: 'json' };
import { canAnimate, createProcessContext, type Ctx } from './context.js';
import { cacheDir } from './paths.js';
import { isTerminal } from './terminal.js';

type Program = typeof import('./program.js');
/** The program bundle's file name beside this one; .ci/build.mjs defines it. Running from src/ it is not defined. */
declare const FNF_PROGRAM_BUNDLE: string | undefined;

/** Written by .ci/build.mjs next to the bundle: program.ts helpTexts(). */
const HELP_FILE = new URL('./help.json', import.meta.url);
/** The stored help is wrapped for 80 columns: narrower terminals get commander's own. */
const HELP_COLUMNS = 80;

const processContext = (): Ctx => createProcessContext(async (globals, ctx) => (await loadProgram(ctx)).clientFor(globals, ctx));

let program: Promise<Program> | undefined;
function loadProgram(ctx: Ctx, argv: readonly string[] = []): Promise<Program> {
  program ??= (async () => {
    if (typeof FNF_PROGRAM_BUNDLE !== 'string') return import('./program.js');
    const bundle = fileURLToPath(new URL(`./${FNF_PROGRAM_BUNDLE}`, import.meta.url));
    const { requireWithCodeCache } = await import('./code-cache.js');
    return requireWithCodeCache(bundle, cacheDir(ctx.env, ctx.home), pkg.version, cacheName(argv, ctx)) as Program;
  })();
  return program;
}

export async function main(argv: string[], given?: Ctx): Promise<number> {
  const stored = storedAnswer(argv, given?.io ?? processStdout);
  if (stored !== undefined) {
    if (!given) return writeToStdout(stored);
    given.io.stdout.write(stored);
    return 0;
  }
  const ctx = given ?? processContext();
  const { runProgram } = await loadProgram(ctx, argv);
  return runProgram(argv, ctx);
}

/**
 * Which code cache a command line uses. A cache holds what the run that wrote it compiled, so lines
 * that run different code keep apart: the first operand, the command as a rule (`fnf -p dev list`
 * takes the profile's name, a cache of its own that works as well), and for a line that follows an
 * execution, whether it can draw the live view (Ink) or writes lines: `fnf start f` run first must
 * not leave `fnf start f --wait` compiling Ink on every run.
 */
function cacheName(argv: readonly string[], ctx: Ctx): string {
  const operand = argv.find((arg) => !arg.startsWith('-'));
  if (!operand || !/^[\w-]{1,40}$/.test(operand)) return 'program';
  const follows = operand === 'wait' || argv.includes('--wait') || argv.includes('-w');
  return follows ? `${operand}-${canAnimate(ctx) ? 'live' : 'lines'}` : operand;
}

/** What storedAnswer() needs of the process's stdout, without making its stream (that costs more than the answer). */
const processStdout: Pick<Ctx['io'], 'stdoutIsTTY' | 'columns'> = {
  get stdoutIsTTY() {
    return isTerminal(1);
  },
  columns: () => process.stdout.columns || 80,
};

/** The whole answer at once; when the reader has gone, the exit status SIGPIPE would give (141), quietly. */
function writeToStdout(text: string): number {
  try {
    writeSync(1, text);
    return 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
    return 141;
  }
}

/** The build calls this with the program bundle it just built, to write help.json. */
export function generateHelpTexts(built: Pick<Program, 'helpTexts'>, ctx: Ctx = processContext()): Promise<Record<string, string>> {
  return built.helpTexts(ctx);
}

function storedAnswer(argv: string[], io: Pick<Ctx['io'], 'stdoutIsTTY' | 'columns'>): string | undefined {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return `${pkg.version}\n`;
  const last = argv.at(-1);
  if (last !== '--help' && last !== '-h') return undefined;
  if (io.stdoutIsTTY && io.columns() < HELP_COLUMNS) return undefined;
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
