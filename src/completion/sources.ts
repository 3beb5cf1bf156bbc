// Flow, execution, schedule and profile names for completion. A shell waits for these
// while the user waits for Tab, so every lookup has a hard deadline, answers
// from a 60 s cache when it can, and turns any failure into "no names".
import type { FnfClient } from '../api/types.js';
import { readEnvironment } from '../config/environment.js';
import type { Ctx, GlobalOptions } from '../context.js';
import type { CompletionCache } from './cache.js';
import type { DynamicSources } from './candidates.js';

export const DEADLINE_MS = 800;
const FLOW_PAGES = 5;
const PAGE_LIMIT = 100;

export interface SourceOptions {
  /** Profile, endpoint, region and credentials as typed on the line being completed. */
  globals: GlobalOptions;
  cache: CompletionCache;
  /** Names of the configured profiles (reads config files only). */
  profileNames: () => Promise<string[]>;
  deadlineMs?: number;
}

/**
 * What selects the account the names come from; it keys the cache. Hashed
 * before use, and holds no secret: the key id names an account, it does not
 * open it.
 */
export function accountKey(globals: GlobalOptions, ctx: Ctx): string[] {
  // The same variables, in the same order, that the client itself reads.
  const env = readEnvironment(ctx.env);
  return [
    globals.endpoint ?? env.endpoint?.value ?? '',
    globals.profile ?? env.profile?.value ?? '',
    globals.region ?? env.region?.value ?? '',
    globals.accessKeyId ?? env.accessKeyId?.value ?? '',
    // Project config (.fnfrc…) is found from the working directory up.
    ctx.cwd,
  ];
}

/** Resolves to `fallback` once `ms` have passed, aborting `controller` so the request stops too. */
function withDeadline<T>(work: Promise<T>, ms: number, controller: AbortController, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(fallback);
    }, ms);
  });
  return Promise.race([work.catch(() => fallback), deadline]).finally(() => clearTimeout(timer));
}

async function flowNames(client: FnfClient, signal: AbortSignal, timeoutMs: number): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < FLOW_PAGES; page++) {
    const res = await client.call('ListFlows', { Limit: PAGE_LIMIT, ...(token ? { NextToken: token } : {}) }, { signal, timeoutMs });
    names.push(...res.Flows.map((f) => f.Name));
    token = res.NextToken;
    if (!token) break;
  }
  return names;
}

async function executionNames(client: FnfClient, flow: string, signal: AbortSignal, timeoutMs: number): Promise<string[]> {
  const res = await client.call('ListExecutions', { FlowName: flow, Limit: PAGE_LIMIT }, { signal, timeoutMs });
  return res.Executions.map((e) => e.Name);
}

async function scheduleNames(client: FnfClient, flow: string, signal: AbortSignal, timeoutMs: number): Promise<string[]> {
  const res = await client.call('ListSchedules', { FlowName: flow, Limit: PAGE_LIMIT }, { signal, timeoutMs });
  return res.Schedules.map((s) => s.ScheduleName);
}

export function dynamicSources(ctx: Ctx, opts: SourceOptions): DynamicSources {
  const deadlineMs = opts.deadlineMs ?? DEADLINE_MS;
  const started = ctx.clock.now();
  const remaining = () => Math.max(0, deadlineMs - (ctx.clock.now() - started));
  const account = accountKey(opts.globals, ctx);

  async function cached(question: string[], ask: (client: FnfClient, signal: AbortSignal, timeoutMs: number) => Promise<string[]>) {
    const key = [...account, ...question];
    const hit = opts.cache.get(key);
    if (hit) return hit;
    const controller = new AbortController();
    const work = (async () => {
      const client = await ctx.client(opts.globals);
      const names = await ask(client, controller.signal, remaining());
      // Only answers are cached: a failure is retried on the next Tab.
      opts.cache.set(key, names);
      return names;
    })();
    return withDeadline(work, remaining(), controller, []);
  }

  return {
    flows: () => cached(['flows'], flowNames),
    executions: (flow) => cached(['executions', flow], (client, signal, ms) => executionNames(client, flow, signal, ms)),
    schedules: (flow) => cached(['schedules', flow], (client, signal, ms) => scheduleNames(client, flow, signal, ms)),
    profiles: () => withDeadline(opts.profileNames(), remaining(), new AbortController(), []),
  };
}
