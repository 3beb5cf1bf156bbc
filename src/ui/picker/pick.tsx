// The picker a command opens on a terminal when no execution name was typed:
// recent executions, newest first, with status and age. Ink renders to stderr;
// this module loads only through execution-ref.ts's dynamic import.
import type { Execution } from '../../api/types.js';
import type { Ctx } from '../../context.js';
import { colors } from '../format.js';
import { listRows, renderOnStderr } from '../live/ink.js';
import { loadLayoutEngine } from '../live/layout-engine.js';
import { ExecutionPicker } from './view.js';

/** The chosen execution's name, or undefined when the user left (Esc, q, Ctrl-C). */
export async function pickExecution(executions: readonly Execution[], ctx: Ctx): Promise<string | undefined> {
  await loadLayoutEngine();
  let chosen: string | undefined;
  const instance = renderOnStderr(
    <ExecutionPicker
      executions={executions}
      now={ctx.clock.now()}
      c={colors(ctx.io.color)}
      rows={listRows(ctx)}
      onDone={(name) => {
        chosen = name;
        instance.unmount();
      }}
    />,
    ctx,
  );
  await instance.waitUntilExit();
  return chosen;
}
