// Mounting Ink for fnf's views (live ones, the picker): on stderr, so stdout
// stays for the result, keys from stdin, Ctrl-C left to the view.
import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import type { Ctx } from '../../context.js';

/** The live views' redraw limit. */
export const MAX_FPS = 15;

export function renderOnStderr(node: ReactElement, ctx: Ctx, maxFps?: number): Instance {
  return render(node, {
    stdout: ctx.io.stderr as NodeJS.WriteStream,
    stdin: ctx.io.stdin as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    ...(maxFps ? { maxFps } : {}),
  });
}

/** Lets React commit the final frame before Ink writes it out for good. */
export async function unmountAfterFinalFrame(instance: Instance): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  instance.unmount();
  await instance.waitUntilExit();
}

/** Rows a list may take on the terminal: its height less a few for the lines around it, at least 3. */
export function listRows(ctx: Ctx): number {
  return Math.max(3, ((ctx.io.stderr as NodeJS.WriteStream).rows || 24) - 4);
}
