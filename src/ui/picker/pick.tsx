// The picker a command opens on a terminal when no execution name was typed:
// recent executions, newest first, with status and age. Ink renders to stderr;
// this module loads only through execution-ref.ts's dynamic import.
import { render } from 'ink';
import type { Execution } from '../../api/types.js';
import type { Ctx } from '../../context.js';
import { colors } from '../format.js';
import { loadLayoutEngine } from '../live/layout-engine.js';
import { ExecutionPicker } from './view.js';

/** The chosen execution's name, or undefined when the user left (Esc, q, Ctrl-C). */
export async function pickExecution(executions: readonly Execution[], ctx: Ctx): Promise<string | undefined> {
  await loadLayoutEngine();
  let chosen: string | undefined;
  const instance = render(
    <ExecutionPicker
      executions={executions}
      now={ctx.clock.now()}
      c={colors(ctx.io.color)}
      rows={Math.max(3, terminalRows(ctx) - 4)}
      onDone={(name) => {
        chosen = name;
        instance.unmount();
      }}
    />,
    { stdout: ctx.io.stderr as NodeJS.WriteStream, stdin: ctx.io.stdin as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  return chosen;
}

function terminalRows(ctx: Ctx): number {
  return (ctx.io.stderr as NodeJS.WriteStream).rows || 24;
}
