// A spinner on stderr while a plain command waits on the service. Only on a
// terminal that can redraw (nothing in pipes, CI, TERM=dumb or --quiet), only when the
// wait is long enough to notice, and ora is loaded only then: a fast answer
// costs nothing.
import { canAnimate, type Ctx } from '../context.js';

const SHOW_AFTER_MS = 250;

/** Runs `work` at once; if it is still running after a moment, shows a spinner with `text` until it settles. */
export async function withSpinner<T>(ctx: Ctx, text: string, work: () => Promise<T>): Promise<T> {
  const pending = work();
  if (!canAnimate(ctx) || ctx.io.quiet) return pending;
  const settled = new AbortController();
  let stop: (() => void) | undefined;
  void ctx.clock.sleep(SHOW_AFTER_MS, settled.signal).then(async () => {
    if (settled.signal.aborted) return;
    const { default: ora } = await import('ora');
    if (settled.signal.aborted) return;
    // discardStdin would put stdin in raw mode and swallow piped input the command may still read.
    const spinner = ora({ text, stream: ctx.io.stderr as NodeJS.WriteStream, color: ctx.io.color ? 'cyan' : false, discardStdin: false }).start();
    stop = () => void spinner.stop();
  });
  try {
    return await pending;
  } finally {
    settled.abort();
    stop?.();
  }
}
