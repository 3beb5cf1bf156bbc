// How a command names the execution it acts on: a name, `@latest` (the newest
// execution of the flow), `@latest-failed` (the newest that failed), or nothing
// at all, which on a terminal opens a picker of recent executions (as `gh run
// watch` does) and elsewhere is a usage error.
import { Argument, type Command } from 'commander';
import type { Execution, FnfClient } from '../api/types.js';
import { canAnimate, type Ctx } from '../context.js';
import { CancelledError, FnfError, UsageError } from '../errors.js';
import { validateName } from '../input/names.js';

const LATEST = '@latest';
const LATEST_FAILED = '@latest-failed';
export const EXECUTION_SHORTCUTS = [LATEST, LATEST_FAILED] as const;

export type ExecutionRef =
  | { kind: 'name'; name: string }
  | { kind: 'latest'; failed: boolean }
  /** No name typed, on a terminal: the user picks one. */
  | { kind: 'pick' };

/** How many recent executions the picker offers, and @latest looks among. */
const RECENT = 100;

export function executionArgument(description = 'execution name, @latest or @latest-failed'): Argument {
  return new Argument('[name]', `${description} (left out on a terminal: pick one)`);
}

/** `[names...]`: the commands that follow many executions at once. */
export function executionsArgument(): Argument {
  return new Argument('[names...]', `execution names, ${LATEST} or ${LATEST_FAILED} (none on a terminal: pick one)`);
}

/** Whether a missing name can be asked for: someone is at a terminal that can show a picker. */
function canPick(ctx: Ctx): boolean {
  return ctx.io.stdinIsTTY && canAnimate(ctx);
}

/** The typed name (or its absence) as a reference; a missing name off a terminal is a usage error. */
export function executionRefOf(typed: string | undefined, cmd: Command, ctx: Ctx): ExecutionRef {
  if (typed === undefined) {
    if (canPick(ctx)) return { kind: 'pick' };
    throw new UsageError(
      'an execution name is required when not running interactively',
      `Usage: fnf ${cmd.name()} ${cmd.usage()}\nGive a name, ${LATEST} or ${LATEST_FAILED}.`,
    );
  }
  if (typed === LATEST) return { kind: 'latest', failed: false };
  if (typed === LATEST_FAILED) return { kind: 'latest', failed: true };
  if (typed.startsWith('@')) {
    throw new UsageError(`unknown execution shortcut "${typed}"`, `Use ${LATEST} or ${LATEST_FAILED}, or an execution name.`);
  }
  return { kind: 'name', name: validateName('execution', typed) };
}

/** The execution name a reference stands for; CancelledError (exit 130) when the user leaves the picker. */
export async function resolveExecutionName(ref: ExecutionRef, flow: string, client: FnfClient, ctx: Ctx): Promise<string> {
  switch (ref.kind) {
    case 'name':
      return ref.name;
    case 'latest': {
      const newest = (await recentExecutions(client, flow, ref.failed))[0];
      if (!newest) {
        throw new FnfError('ExecutionNotExists', `flow ${flow} has no ${ref.failed ? 'failed ' : ''}executions`, undefined, undefined,
          `See them with: fnf list ${flow}`);
      }
      return newest.Name;
    }
    case 'pick': {
      const recent = await recentExecutions(client, flow, false);
      if (recent.length === 0) throw new FnfError('ExecutionNotExists', `flow ${flow} has no executions to pick from`);
      // Ink and React load only here: commands given a name never pay for them.
      const { pickExecution } = await import('../ui/picker/pick.js');
      const picked = await pickExecution(recent, ctx);
      if (picked === undefined) throw new CancelledError('no execution picked');
      return picked;
    }
  }
}

/**
 * The flow's most recent executions, newest first. The local endpoint lists
 * newest first; the service's documentation does not say, so the first page
 * is sorted here too.
 */
async function recentExecutions(client: FnfClient, flow: string, failedOnly: boolean): Promise<Execution[]> {
  const page = await client.call('ListExecutions', {
    FlowName: flow, Limit: RECENT, MetadataOnly: true, ...(failedOnly ? { Status: 'Failed' as const } : {}),
  });
  return [...page.Executions].sort((a, b) => Date.parse(b.StartedTime) - Date.parse(a.StartedTime));
}
