// `fnf completion bash|zsh|fish` prints a completion script; the hidden
// `fnf __complete -- <words…>` is what those scripts call on Tab. Both load
// their modules only when run, so neither slows down other commands.
import { Argument, Command } from 'commander';
import type { Ctx, Env } from '../context.js';
import type { Shell } from '../completion/scripts.js';

export interface CompletionOptions {
  shell: Shell;
}

const INSTALL_HELP = `
Install:
  bash   fnf completion bash > /usr/share/bash-completion/completions/fnf
         (or ~/.local/share/bash-completion/completions/fnf; or add to ~/.bashrc: source <(fnf completion bash))
  zsh    fnf completion zsh > "\${fpath[1]}/_fnf"   (a directory on $fpath; then restart zsh)
  fish   fnf completion fish > ~/.config/fish/completions/fnf.fish

Examples:
  $ source <(fnf completion bash)
  $ fnf completion fish > ~/.config/fish/completions/fnf.fish
`;

export function makeCompletionCommand(ctx: Ctx): Command {
  return new Command('completion')
    .description('print a shell completion script (commands, options, profiles, flow and execution names)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', INSTALL_HELP)
    .action(async (shell: Shell) => {
      await runCompletion({ shell }, ctx);
    });
}

export async function runCompletion(opts: CompletionOptions, ctx: Ctx): Promise<void> {
  const { completionScript } = await import('../completion/scripts.js');
  ctx.io.stdout.write(completionScript(opts.shell));
}

export function makeCompleteCommand(ctx: Ctx): Command {
  return new Command('__complete')
    .description('answer a shell completion request (used by the scripts of `fnf completion`)')
    .argument('[words...]', 'the words after "fnf", the last one being completed')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (words: string[], _opts: unknown, cmd: Command) => {
      const { runComplete } = await import('../completion/run.js');
      await runComplete({ program: cmd.parent ?? cmd, words, deadlineMs: deadlineFromEnv(ctx.env) }, ctx);
    });
}

/** FNF_COMPLETION_TIMEOUT_MS lengthens the wait for flow and execution names (slow links, loaded CI machines). */
function deadlineFromEnv(env: Env): number | undefined {
  const ms = Number(env.FNF_COMPLETION_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
