// Writes what CI asked for: a report (--junit, --junit-file), making its
// directory, or lines appended to a file GitHub Actions names ($GITHUB_OUTPUT,
// $GITHUB_STEP_SUMMARY). One that cannot be written is told on stderr and
// leaves the exit code alone: that still says how the run went, which CI needs most.
// fs.promises loads on first use; node:fs/promises would load with every command.
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { whyUnwritable } from '../../errors.js';

/** True when written. `what` names it in the error ("the JUnit report"). */
export async function writeReportFile(ctx: Ctx, file: string, text: string, what: string): Promise<boolean> {
  try {
    const path = resolve(ctx.cwd, file);
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, text);
    return true;
  } catch (err) {
    ctx.io.stderr.write(`fnf: cannot write ${what} ${file}: ${whyUnwritable(err)}\n`);
    return false;
  }
}

/** Appends to the file the environment variable names; nothing when it is not set. */
export async function appendToCiFile(ctx: Ctx, variable: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY', text: () => string | Promise<string>): Promise<void> {
  const file = ctx.env[variable];
  if (!file) return;
  try {
    await fs.appendFile(file, await text());
  } catch (err) {
    ctx.io.stderr.write(`fnf: cannot append to $${variable} (${file}): ${whyUnwritable(err)}\n`);
  }
}
