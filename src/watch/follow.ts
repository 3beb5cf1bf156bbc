import type { FnfClient } from '../api/types.js';
import type { Ctx } from '../context.js';
import type { ExitCode } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns src/watch and src/ui.
export interface FollowOptions {
  flowName: string;
  executionName: string;
  output: 'text' | 'json' | 'ndjson';
  /** The CLI's own --timeout in ms (exit 124 when it elapses); undefined waits forever. */
  timeoutMs?: number;
  /** The `fnf wait …` command that resumes this view, printed on detach. */
  resumeCommand: string;
}

/** Follows an execution to its end with the renderer that fits the output mode and terminal; returns the exit code. */
export async function followExecution(_opts: FollowOptions, _ctx: Ctx, _client: FnfClient): Promise<ExitCode> {
  throw new Error('followExecution is not implemented yet');
}
