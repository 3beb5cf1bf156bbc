// Builds the commander program and maps every outcome to an exit code.
// Loaded by main() in cli.ts for every command line it cannot answer alone.
import { Command, CommanderError } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import type { FnfClient } from './api/types.js';
import type { Ctx, GlobalOptions } from './context.js';
import { CancelledError, ExitCode, FnfError, NetworkError, UsageError } from './errors.js';
import { redact } from './redact.js';
import { commands } from './commands/registry.js';

const ROOT_HELP_FOOTER = `
Exit codes:
  0    succeeded (or started, without --wait)
  1    the execution Failed
  2    usage or input error (nothing was sent)
  3    the execution TimedOut
  4    the execution was Stopped
  5    API error (auth, not found, invalid argument, name already used)
  6    network or throttling errors after retries
  70   internal error in fnf (please report it)
  124  --timeout elapsed; the execution keeps running
  130  interrupted (Ctrl-C); the execution keeps running
  With several executions (wait <flow> <name>..., --prefix, --running, start --each --wait):
  0 when every one succeeded, else the worst end: 1 Failed, then 3 TimedOut, then 4 Stopped.

Environment:
  FNF_PROFILE, FNF_REGION, FNF_ENDPOINT       profile, region and endpoint
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN
                                              credentials (also ALIBABACLOUD_* and ALICLOUD_*)
  ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION_ID  region
  ALIBABA_CLOUD_PROFILE                       profile, after FNF_PROFILE
  ALIBABA_CLOUD_CREDENTIALS_FILE              instead of ~/.alibabacloud/credentials
  XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME  where fnf keeps its files
  NO_COLOR, FORCE_COLOR, TERM=dumb            colour and the live view
  CI, GITHUB_ACTIONS                          plain lines (and GitHub groups) instead of the live view
  GITLAB_CI=true                              plain lines, each top-level step in a collapsible section
  GITHUB_OUTPUT                               where the execution's name, status and output are appended
  GITHUB_STEP_SUMMARY                         where the steps table and the flow diagram are appended

Profiles are looked up in: flags, the environment, .fnfrc* / fnf.config.{js,mjs,cjs} / package.json
"fnf" from the working directory up to $HOME, ~/.config/fnf/config.yaml, ~/.aliyun/config.json,
then ~/.alibabacloud/credentials. The built-in profile "local" talks to \`fnf local serve\` on
127.0.0.1:8787 with the key pair it created.

Examples:
  $ fnf local serve --flows examples/flows &
  $ fnf start hello --profile local --input '{"name":"Ada","items":[1,2]}' --wait
  $ jq -c .order order.json | fnf start checkout --input - --output json
`;

/**
 * The program, whole, or for `argv` only the command it names: building every
 * command's options costs a few milliseconds that `fnf describe` would
 * otherwise spend on all the others. A line that names none (help, a typo)
 * gets them all, so commander can list them or suggest one.
 */
export async function createProgram(ctx: Ctx, argv?: readonly string[]): Promise<Command> {
  const program = new Command('fnf')
    .description('Start and watch Serverless Workflow (CloudFlow) executions')
    .version(pkg.version, '-V, --version', 'print the version')
    .helpCommand('help [command]', 'show help for a command')
    .option('-p, --profile <name>', 'profile to use (see `fnf profiles`)')
    .option('--region <id>', 'region, e.g. cn-hangzhou')
    .option('--endpoint <url>', 'API endpoint, e.g. http://127.0.0.1:8787')
    .option('--access-key-id <id>', 'AccessKey ID (prefer a profile or the environment)')
    .option('--access-key-secret <secret>', 'AccessKey secret (prefer a profile or the environment)')
    .option('--security-token <token>', 'STS security token')
    .option('-v, --verbose', 'log requests and timings to stderr (secrets redacted)')
    .option('--no-color', 'disable colour')
    .option('-q, --quiet', 'print only results')
    .addHelpText('after', ROOT_HELP_FOOTER);
  applyProgramSettings(program, ctx, []);
  program.hook('preAction', (_root, action) => {
    // --no-color and --quiet anywhere on the line hold for every command and renderer: they read ctx.io, set only here.
    const globals = action.optsWithGlobals<{ color?: boolean; quiet?: boolean }>();
    if (globals.color === false) ctx.io.color = false;
    if (globals.quiet) ctx.io.quiet = true;
  });
  const named = argv && commandNamed(program, argv);
  const entry = commands.find((c) => c.name === named && !c.tree);
  const factories = await Promise.all((entry ? [entry] : commands).map((c) => c.load()));
  for (const make of factories) {
    const cmd = make(ctx);
    applyProgramSettings(cmd, ctx, [cmd.name()]);
    program.addCommand(cmd, cmd.name().startsWith('__') ? { hidden: true } : undefined);
  }
  return program;
}

/** The first operand of `argv`, past the program's own options and their values. */
function commandNamed(program: Command, argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (!arg.startsWith('-') || arg === '-') return arg;
    const option = program.options.find((o) => o.long === arg || o.short === arg);
    if (option && (option.required || option.optional)) i++;
  }
  return undefined;
}

/**
 * Output routing, exitOverride and error style for a command and everything
 * under it: nested commands inherit none of them from their parent. Commander's
 * own errors read like fnf's ("fnf: …") and say where the usage is.
 */
function applyProgramSettings(cmd: Command, ctx: Ctx, path: string[]): void {
  const usage = ['fnf', ...path, '--help'].join(' ');
  cmd
    .configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'fnf: ')),
    })
    .exitOverride()
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .showHelpAfterError(`(see \`${usage}\`)`);
  // Worded as the program's where commander lists one (schedules, task, local): helpCommand() would add one elsewhere too.
  if (cmd.createHelp().visibleCommands(cmd).some((c) => c.name() === 'help')) cmd.helpCommand('help [command]', 'show help for a command');
  for (const sub of cmd.commands) applyProgramSettings(sub, ctx, [...path, sub.name()]);
}

function errorMessage(err: unknown): { text: string; code: ExitCode | 70 } {
  if (err instanceof UsageError || err instanceof FnfError || err instanceof NetworkError || err instanceof CancelledError) {
    const hint = err.hint ? `\n${err.hint}` : '';
    return { text: `fnf: ${err.message}${hint}`, code: err.exitCode };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { text: `fnf: internal error: ${detail}\nThis is a bug in fnf; please report it with the command you ran.`, code: 70 };
}

export async function runProgram(argv: string[], ctx: Ctx): Promise<number> {
  const program = await createProgram(ctx, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version "exit" with 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const { text, code } = errorMessage(err);
    ctx.io.stderr.write(`${redact(text)}\n`);
    return code;
  }
}


/**
 * `fnf [command…] --help` for every visible command, keyed by its path ("",
 * "start", "local serve"), as commander prints it to a pipe (80 columns).
 * The build stores these next to the bundle, so help needs no commander.
 */
export async function helpTexts(ctx: Ctx): Promise<Record<string, string>> {
  let captured = '';
  const capture = { ...ctx, io: { ...ctx.io, stdout: { write: (s: string) => ((captured += s), true) } as unknown as NodeJS.WritableStream } };
  const texts: Record<string, string> = {};
  const visit = (cmd: Command, path: string[]) => {
    // As in a pipe, whatever terminal the build runs in.
    cmd.configureOutput({ getOutHelpWidth: () => 80, getOutHasColors: () => false });
    captured = '';
    cmd.outputHelp();
    texts[path.join(' ')] = captured;
    for (const sub of cmd.commands) {
      if (!sub.name().startsWith('__') && sub.name() !== 'help') visit(sub, [...path, sub.name()]);
    }
  };
  visit(await createProgram(capture), []);
  return texts;
}

/** The client for the profile the global options and config select; config and pop-core load only now. */
export async function clientFor(globals: GlobalOptions, ctx: Ctx): Promise<FnfClient> {
  const [{ resolveProfile }, { createClient }] = await Promise.all([import('./config/resolve.js'), import('./api/client.js')]);
  const profile = await resolveProfile(globals, ctx);
  return createClient(profile, { verbose: Boolean(globals.verbose), stderr: ctx.io.stderr, clock: ctx.clock });
}
