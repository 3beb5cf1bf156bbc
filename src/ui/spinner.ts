// A spinner on stderr while a plain command waits on a request. Only on a
// terminal (nothing at all in pipes and CI), and ora is loaded only then.
import type { Ctx } from '../context.js';
import { isCI } from './choose.js';

export interface Spinner {
  /** Stops the spinner and clears its line. */
  stop(): void;
}

const none: Spinner = { stop: () => undefined };

export async function startSpinner(ctx: Ctx, text: string): Promise<Spinner> {
  if (!ctx.io.stderrIsTTY || isCI(ctx.env)) return none;
  const { default: ora } = await import('ora');
  // discardStdin would put stdin in raw mode and swallow piped input the command may still read.
  const spinner = ora({ text, stream: ctx.io.stderr as NodeJS.WriteStream, color: ctx.io.color ? 'cyan' : false, discardStdin: false }).start();
  return { stop: () => void spinner.stop() };
}

/** Runs `work` with a spinner showing `text`, and always removes the spinner. */
export async function withSpinner<T>(ctx: Ctx, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = await startSpinner(ctx, text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
