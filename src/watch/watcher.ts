// Follows one execution to its end and yields a WatchUpdate whenever something
// changed. DescribeExecution with WaitTimeSeconds is the only way this code
// waits: the service answers the moment the execution ends, so the end is seen
// at once, and the time between history fetches costs one request per minute.
import { isEndStatus, withoutRequestId, type Execution, type FnfClient, type HistoryEvent } from '../api/types.js';
import type { Clock } from '../context.js';
import { NetworkError } from '../errors.js';
import { isThrottlingCode } from '../api/errors.js';
import { Cadence } from './cadence.js';
import { historyCarriesStateTypes, stateTypesOf } from './definition.js';
import { StepTree } from './tree.js';
import type { Snapshot, WatchUpdate } from './types.js';

export interface WatchOptions {
  flowName: string;
  executionName: string;
  client: FnfClient;
  clock: Clock;
  signal: AbortSignal;
}

/** The longest long poll the API accepts. */
const MAX_WAIT_SECONDS = 60;
/** Read timeout beyond the long poll itself. */
const LONG_POLL_SLACK_MS = 15_000;
const HISTORY_PAGE = 1000;
/**
 * How long a watch rides out network errors and throttling (after the client's
 * own retries) before it gives up with exit 6: many watchers on one account hit
 * the rate limits together, and a restarting endpoint comes back.
 */
const PATIENCE_MS = 5 * 60_000;
const PATIENCE_MAX_DELAY_MS = 30_000;

/** Runs `work` again after transient failures (NetworkError), backing off, for up to PATIENCE_MS. */
export async function patiently<T>(work: () => Promise<T>, clock: Clock, signal: AbortSignal): Promise<T> {
  const since = clock.now();
  for (let delay = 1000; ; delay = Math.min(delay * 2, PATIENCE_MAX_DELAY_MS)) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof NetworkError) || signal.aborted || clock.now() - since >= PATIENCE_MS) throw err;
      // Half of it random: watchers throttled together must not all come back together.
      await clock.sleep(delay / 2 + Math.random() * (delay / 2), signal);
    }
  }
}

export async function* watchExecution(opts: WatchOptions): AsyncGenerator<WatchUpdate, void, undefined> {
  const { client, clock, signal, flowName, executionName } = opts;
  const describe = (waitSeconds: number): Promise<Execution> =>
    patiently(async () => withoutRequestId(await client.call(
      'DescribeExecution',
      { FlowName: flowName, ExecutionName: executionName, ...(waitSeconds > 0 ? { WaitTimeSeconds: waitSeconds } : {}) },
      // Throttled long polls back off in patiently(), slower than the client's retries would.
      { signal, timeoutMs: waitSeconds * 1000 + LONG_POLL_SLACK_MS, retryThrottled: false },
    )), clock, signal);

  /** Long polls until `at` (epoch ms) or the end, whichever comes first. */
  const sleepUntil = async (at: number): Promise<Execution> => {
    for (;;) {
      const before = clock.now();
      const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil((at - before) / 1000)));
      const execution = await describe(waitSeconds);
      const after = clock.now();
      if (isEndStatus(execution.Status) || signal.aborted || after >= at) return execution;
      // A server that answers early without an end would otherwise make this a busy loop.
      if (after - before < (waitSeconds * 1000) / 2) await clock.sleep(Math.min(at, before + waitSeconds * 1000) - after, signal);
      if (clock.now() >= at) return execution;
    }
  };

  const history = new HistoryCursor(client, flowName, executionName, signal);
  const fetchNew = () => patiently(() => history.fetchNew(), clock, signal);
  /**
   * Intermediate steps can wait: while the service throttles, this fetch gives
   * up at once and the cadence slows, rather than adding retries to the load.
   */
  const fetchNewUnlessThrottled = () => patiently(() => history.fetchNewUnlessThrottled(), clock, signal);
  // The first two reads go out together, and the definition is parsed while the history is on its way:
  // the live view's first frame waits for both (issue 17).
  const firstEvents = fetchNew();
  firstEvents.catch(() => undefined);
  let execution = await describe(0);
  const tree = new StepTree();
  let typesKnown = false;
  /** Reads the definition's state types once, the first time steps are entered, if their events don't say them. */
  const learnStateTypes = async (batch: HistoryEvent[]) => {
    const carried = typesKnown ? undefined : historyCarriesStateTypes(batch);
    if (carried === undefined) return;
    typesKnown = true;
    if (!carried) tree.useStateTypes(await stateTypesOf(execution.FlowDefinition));
  };
  const cadence = new Cadence();
  let events = await firstEvents;
  // Read before the end was known, the history may miss its last events.
  if (isEndStatus(execution.Status)) events = [...events, ...(await fetchNew())];
  for (;;) {
    await learnStateTypes(events);
    for (const ev of events) tree.apply(ev);
    const done = isEndStatus(execution.Status);
    if (done) tree.end(Date.parse(execution.StoppedTime ?? '') || clock.now(), execution.Status);
    yield { snapshot: snapshotOf(flowName, executionName, execution, tree, done), events };
    if (done || signal.aborted) return;
    let next: Execution;
    do {
      const throttledBefore = client.throttledCount ?? 0;
      next = await sleepUntil(cadence.next(clock.now(), events.length > 0, tree.quietUntil()));
      if (signal.aborted) return;
      // The end needs every event; a step along the way can be shown a little later.
      events = await (isEndStatus(next.Status) ? fetchNew() : fetchNewUnlessThrottled());
      cadence.throttled((client.throttledCount ?? 0) > throttledBefore);
    } while (events.length === 0 && next.Status === execution.Status);
    execution = next;
  }
}

/** Reads history incrementally: continues from the last NextToken, and skips events already seen. */
export class HistoryCursor {
  private token?: string;
  private lastEventId = 0;

  constructor(
    private readonly client: FnfClient,
    private readonly flowName: string,
    private readonly executionName: string,
    private readonly signal: AbortSignal,
  ) {}

  async fetchNew(opts: { retryThrottled?: boolean } = {}): Promise<HistoryEvent[]> {
    const fresh: HistoryEvent[] = [];
    for (;;) {
      const page = await this.client.call(
        'GetExecutionHistory',
        { FlowName: this.flowName, ExecutionName: this.executionName, Limit: HISTORY_PAGE, ...(this.token ? { NextToken: this.token } : {}) },
        { signal: this.signal, ...opts },
      );
      for (const ev of page.Events) {
        if (ev.EventId <= this.lastEventId) continue;
        fresh.push(ev);
        this.lastEventId = ev.EventId;
      }
      // The last page has no NextToken: the next fetch reads it again from its start and skips what it saw.
      if (!page.NextToken || page.Events.length === 0) return fresh;
      this.token = page.NextToken;
    }
  }

  /** Steps along the way can wait: a throttled read gives up at once (nothing new) instead of retrying. */
  async fetchNewUnlessThrottled(): Promise<HistoryEvent[]> {
    try {
      return await this.fetchNew({ retryThrottled: false });
    } catch (err) {
      if (err instanceof NetworkError && isThrottlingCode(err.code)) return [];
      throw err;
    }
  }
}

export function snapshotOf(flowName: string, executionName: string, execution: Execution, tree: StepTree, done: boolean): Snapshot {
  const snapshot: Snapshot = {
    flowName,
    executionName,
    execution,
    steps: tree.steps,
    startedAt: Date.parse(execution.StartedTime),
    done,
  };
  const ended = execution.StoppedTime ? Date.parse(execution.StoppedTime) : NaN;
  if (done && Number.isFinite(ended)) snapshot.endedAt = ended;
  return snapshot;
}
