// `fnf __complete -- <words…>`: what the shell scripts call on Tab. It must
// never disturb the shell: no prompt, nothing on stderr, exit 0, and an
// answer within about a second whatever the service does.
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { cacheDir } from '../paths.js';
import { fileCache } from './cache.js';
import { complete, formatCompletion } from './candidates.js';
import { readLine, type LineState } from './line.js';
import { configuredProfileNames } from './profiles.js';
import { dynamicSources } from './sources.js';

export interface CompleteOptions {
  program: Command;
  words: string[];
  deadlineMs?: number;
}

const discard = { write: () => true } as unknown as NodeJS.WritableStream;

/** The global options typed on the line, so names come from the account the finished command will use. */
function globalsOnLine({ optionValues: v }: LineState): GlobalOptions {
  return {
    profile: v.profile,
    region: v.region,
    endpoint: v.endpoint,
    accessKeyId: v.accessKeyId,
    accessKeySecret: v.accessKeySecret,
    securityToken: v.securityToken,
  };
}

export async function runComplete(opts: CompleteOptions, ctx: Ctx): Promise<void> {
  // Config warnings and client logs must not land in the middle of the user's prompt.
  const quiet: Ctx = { ...ctx, io: { ...ctx.io, stderr: discard, stdinIsTTY: false, stderrIsTTY: false } };
  const line = readLine(opts.program, opts.words);
  const sources = dynamicSources(quiet, {
    globals: globalsOnLine(line),
    cache: fileCache(join(cacheDir(ctx.env, ctx.home), 'completion'), ctx.clock),
    profileNames: () => configuredProfileNames(quiet),
    deadlineMs: opts.deadlineMs,
  });
  try {
    ctx.io.stdout.write(formatCompletion(await complete(line, sources)));
  } catch {
    ctx.io.stdout.write(formatCompletion({ candidates: [], directive: 'none' }));
  }
}
