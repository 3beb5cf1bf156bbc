// Writes a report CI asked for (--junit, --junit-file), making its directory.
// A report that cannot be written is told on stderr and leaves the exit code
// alone: that still says how the run went, which CI needs most.
// fs.promises loads on first use; node:fs/promises would load with every command.
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { whyUnreadable } from '../../errors.js';

/** True when written. `what` names it in the error ("the JUnit report"). */
export async function writeReportFile(ctx: Ctx, file: string, text: string, what: string): Promise<boolean> {
  try {
    const path = resolve(ctx.cwd, file);
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, text);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way of its directory' : whyUnreadable(err);
    ctx.io.stderr.write(`fnf: cannot write ${what} ${file}: ${why}\n`);
    return false;
  }
}
