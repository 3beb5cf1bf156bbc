// Follows many executions of one flow with one shared poll. One ListExecutions
// page answers for up to a hundred of them (Status, StoppedTime), so every end
// is seen within a poll however many there are, and the last one lets the
// process go at once. History is read only for what the renderer shows
// (wantsHistory), ends first, inside the shared request budget.
import { setMaxListeners } from 'node:events';
import { isEndStatus, withoutRequestId, type Execution, type FnfClient, type HistoryEvent } from '../api/types.js';
import type { Clock } from '../context.js';
import { budgeted, fairPauseMs, LIST_BUDGET, RequestBudget } from './budget.js';
import { Cadence } from './cadence.js';
import { stateTypesOf } from './definition.js';
import { StepTree } from './tree.js';
import type { Snapshot, WatchUpdate } from './types.js';
import { HistoryCursor, patiently, snapshotOf } from './watcher.js';

export interface ManyWatchOptions {
  flowName: string;
  names: readonly string[];
  /** Executions a list already returned, by name: their watch starts without asking again. */
  listed?: ReadonlyMap<string, Execution>;
  /** Every name starts with this (--prefix): the poll lists no other executions. */
  prefix?: string;
  client: FnfClient;
  clock: Clock;
  signal: AbortSignal;
  /** Whether the renderer shows this execution's steps: now (a running one) or with its end (an ended one). */
  wantsHistory(snapshot: Snapshot): boolean;
  onUpdate(update: WatchUpdate): void;
}

/** Between two looks of the shared poll: an end is told at most about this long after it. */
export const LIST_PAUSE_MS = 1_000;
/** How long a told end may wait for its last history events; past it the end is told without them. */
export const FINAL_GRACE_MS = 1_000;
/** History reads in flight at once (the budget still decides when each may go). */
const PARALLEL_READS = 4;
const LIST_PAGE = 100;

/** Resolves when every execution's end has been told, or when the signal aborts. */
export async function watchMany(opts: ManyWatchOptions): Promise<void> {
  if (opts.signal.aborted) return;
  const stop = new AbortController();
  // Every end in its grace, every budget waiter and every request listens to it: many at once by design.
  setMaxListeners(0, stop.signal);
  const onAbort = () => stop.abort();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new ManyWatch(opts, stop.signal).run();
  } finally {
    stop.abort();
    opts.signal.removeEventListener('abort', onAbort);
  }
}

class Watched {
  readonly cadence = new Cadence();
  /** When its history is due next (epoch ms); 0: at once. */
  nextLookAt = 0;
  /** A history read of it is in flight. */
  busy = false;
  /** When the poll saw it end. */
  endSeenAt?: number;
  /** Its end was passed on; nothing more is read or told. */
  told = false;

  constructor(
    readonly name: string,
    public execution: Execution,
    readonly tree: StepTree,
    readonly history: HistoryCursor,
  ) {}
}

class ManyWatch {
  private readonly reads: FnfClient;
  private readonly lists: FnfClient;
  private readonly watched = new Map<string, Watched>();
  private readonly typesByDefinition = new Map<string, ReturnType<typeof stateTypesOf>>();
  private untold = 0;
  private allTold!: () => void;
  private readonly told = new Promise<void>((resolve) => (this.allTold = resolve));
  private wake!: () => void;
  private woken!: Promise<void>;

  constructor(
    private readonly opts: ManyWatchOptions,
    private readonly signal: AbortSignal,
  ) {
    this.reads = budgeted(opts.client, new RequestBudget(opts.clock));
    this.lists = budgeted(opts.client, new RequestBudget(opts.clock, LIST_BUDGET.burst, LIST_BUDGET.perSecond));
    this.rearm();
  }

  async run(): Promise<void> {
    const { names, listed } = this.opts;
    // A listed execution that has ended lacks its output (metadata only): ask for the whole of it.
    const firsts = await Promise.all(names.map(async (name) => {
      const seen = listed?.get(name);
      return seen && !isEndStatus(seen.Status) ? seen : this.describe(name);
    }));
    for (const [i, name] of names.entries()) {
      const execution = firsts[i]!;
      const tree = new StepTree(await this.typesOf(execution.FlowDefinition));
      this.watched.set(name, new Watched(name, execution, tree, new HistoryCursor(this.reads, this.opts.flowName, name, this.signal)));
    }
    this.untold = this.watched.size;
    // Every end already known is seen, even once the first one told has stopped the watch (--any).
    for (const w of this.watched.values()) {
      if (isEndStatus(w.execution.Status)) this.sawEnd(w, w.execution);
      else this.tell(w, []);
    }
    if (!this.signal.aborted) {
      const loops = Promise.all([this.pollEnds(), ...Array.from({ length: PARALLEL_READS }, () => this.readHistories())]);
      loops.catch(() => undefined);
      const aborted = new Promise<void>((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
      await Promise.race([loops, this.told, aborted]);
    }
    this.tellSeenEnds();
  }

  /**
   * When the watch stops first (--any, --timeout, Ctrl-C), the ends it saw but had not told yet (their
   * last steps unread) are told all the same: an execution that has ended is never left as running.
   */
  private tellSeenEnds(): void {
    for (const w of this.watched.values()) if (w.endSeenAt !== undefined && !w.told) this.tell(w, [], true, true);
  }

  /** The shared poll: lists the executions not yet ended, and tells of those that have. */
  private async pollEnds(): Promise<void> {
    for (;;) {
      await this.opts.clock.sleep(LIST_PAUSE_MS, this.signal);
      const pending = [...this.watched.values()].filter((w) => w.endSeenAt === undefined);
      if (this.signal.aborted || pending.length === 0) return;
      const found = await this.list(pending, true);
      const ended = pending.filter((w) => isEndStatus(found.get(w.name)?.Status ?? 'Running'));
      // Metadata leaves the outputs out: the ended ones are listed again, whole, by their start times.
      const whole = ended.length > 0 ? await this.list(ended, false) : new Map<string, Execution>();
      for (const w of ended) this.sawEnd(w, whole.get(w.name) ?? (await this.describe(w.name)));
      for (const w of pending) {
        const now = found.get(w.name);
        if (now && !isEndStatus(now.Status) && now.Status !== w.execution.Status) {
          w.execution = { ...w.execution, ...now };
          this.tell(w, []);
        }
      }
      // Not in the list (deleted, or a list that lags): asked one by one.
      for (const w of pending.filter((p) => !found.has(p.name))) {
        const execution = await this.describe(w.name);
        if (isEndStatus(execution.Status)) this.sawEnd(w, execution);
      }
    }
  }

  /** The executions of `among` that a list of the flow returns, by name: one page for up to a hundred. */
  private async list(among: readonly Watched[], metadataOnly: boolean): Promise<Map<string, Execution>> {
    const wanted = new Set(among.map((w) => w.name));
    const starts = among.map((w) => w.execution.StartedTime).filter(Boolean).sort();
    const prefix = this.opts.prefix ?? commonPrefix([...wanted]);
    const found = new Map<string, Execution>();
    let token: string | undefined;
    do {
      const page = await patiently(() => this.lists.call('ListExecutions', {
        FlowName: this.opts.flowName, Limit: LIST_PAGE, MetadataOnly: metadataOnly,
        ...(prefix ? { ExecutionNamePrefix: prefix } : {}),
        ...(starts.length ? { StartedTimeBegin: starts[0], StartedTimeEnd: starts[starts.length - 1] } : {}),
        ...(token ? { NextToken: token } : {}),
      }, { signal: this.signal }), this.opts.clock, this.signal);
      for (const e of page.Executions) if (wanted.has(e.Name)) found.set(e.Name, e);
      token = page.NextToken;
    } while (token && found.size < wanted.size && !this.signal.aborted);
    return found;
  }

  /** An end the poll saw: told at once when its steps are not shown, else after its last history (or the grace). */
  private sawEnd(w: Watched, execution: Execution): void {
    w.execution = execution;
    w.endSeenAt = this.opts.clock.now();
    if (!this.opts.wantsHistory(this.snapshotOf(w))) return this.tell(w, []);
    this.rouse();
    void this.opts.clock.sleep(FINAL_GRACE_MS, this.signal).then(() => this.tell(w, [], true));
  }

  /** One reader of histories: the ends first (oldest first), then the running ones whose look is due. */
  private async readHistories(): Promise<void> {
    while (!this.signal.aborted) {
      const w = this.nextDue();
      if (!w) {
        await Promise.race([this.opts.clock.sleep(this.quietMs(), this.signal), this.woken]);
        continue;
      }
      w.busy = true;
      try {
        await this.look(w);
      } finally {
        w.busy = false;
      }
    }
  }

  private async look(w: Watched): Promise<void> {
    const { clock } = this.opts;
    const final = w.endSeenAt !== undefined;
    const throttledBefore = this.opts.client.throttledCount ?? 0;
    // Steps along the way can wait: a throttled read gives up at once, and the cadence slows.
    const events = await patiently(() => (final ? w.history.fetchNew() : w.history.fetchNewUnlessThrottled()), clock, this.signal);
    if (w.told || this.signal.aborted) return;
    for (const ev of events) w.tree.apply(ev);
    if (final) return this.tell(w, events);
    w.cadence.throttled((this.opts.client.throttledCount ?? 0) > throttledBefore);
    const now = clock.now();
    w.nextLookAt = Math.max(w.cadence.next(now, events.length > 0, w.tree.quietUntil()), now + fairPauseMs(this.runningShown()));
    if (events.length > 0) this.tell(w, events);
  }

  private nextDue(): Watched | undefined {
    const now = this.opts.clock.now();
    let best: Watched | undefined;
    const rank = (w: Watched) => (w.endSeenAt !== undefined ? w.endSeenAt - Number.MAX_SAFE_INTEGER : w.nextLookAt);
    for (const w of this.watched.values()) {
      if (w.busy || w.told) continue;
      if (w.endSeenAt === undefined && w.nextLookAt > now) continue;
      if (!this.opts.wantsHistory(this.snapshotOf(w))) continue;
      if (!best || rank(w) < rank(best)) best = w;
    }
    return best;
  }

  /** How long readers may rest: until the next look is due, at most a poll (what is shown changes as rows end). */
  private quietMs(): number {
    const now = this.opts.clock.now();
    const next = Math.min(...[...this.watched.values()].filter((w) => w.endSeenAt === undefined).map((w) => w.nextLookAt));
    return Math.min(LIST_PAUSE_MS, Math.max(0, next - now)) || LIST_PAUSE_MS;
  }

  /** The running executions whose steps are shown: they share the budget's rate. */
  private runningShown(): number {
    return [...this.watched.values()].filter((w) => w.endSeenAt === undefined && this.opts.wantsHistory(this.snapshotOf(w))).length;
  }

  /** Passes an update on; an ended execution's is its last. */
  private tell(w: Watched, events: HistoryEvent[], unread = false, evenStopped = false): void {
    if (w.told || (this.signal.aborted && !evenStopped)) return;
    const done = w.endSeenAt !== undefined;
    if (done) {
      w.told = true;
      w.tree.end(Date.parse(w.execution.StoppedTime ?? '') || this.opts.clock.now(), w.execution.Status);
    }
    this.opts.onUpdate({ snapshot: this.snapshotOf(w), events, ...(unread ? { unread } : {}) });
    if (done && --this.untold === 0) this.allTold();
  }

  private snapshotOf(w: Watched): Snapshot {
    return snapshotOf(this.opts.flowName, w.name, w.execution, w.tree, w.endSeenAt !== undefined);
  }

  private async describe(name: string): Promise<Execution> {
    return withoutRequestId(await patiently(
      () => this.reads.call('DescribeExecution', { FlowName: this.opts.flowName, ExecutionName: name }, { signal: this.signal }),
      this.opts.clock,
      this.signal,
    ));
  }

  private typesOf(definition: string | undefined): ReturnType<typeof stateTypesOf> {
    const key = definition ?? '';
    let types = this.typesByDefinition.get(key);
    if (!types) this.typesByDefinition.set(key, (types = stateTypesOf(definition)));
    return types;
  }

  /** Wakes the resting readers: an end wants its history. */
  private rouse(): void {
    this.wake();
    this.rearm();
  }

  private rearm(): void {
    this.woken = new Promise<void>((resolve) => (this.wake = resolve));
  }
}

/** The longest prefix the names share ('' when none). */
export function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
