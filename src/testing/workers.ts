// Spreads the cases over the CPUs. This thread starts on the queue of cases
// at once; when the queue still holds more than a short run's worth after a
// moment, worker threads join in, taking small batches from the queue until
// it is empty. A worker runs the fnf CLI itself (`fnf test __worker`), so it
// works the same from any build; it costs the time to load the engine, so a
// suite of quick cases never pays for one, and a long suite, or one whose
// handlers do real work, gets every CPU. Results are put back in the order
// the cases were given. A worker gets the test files as read here, and
// compiles their flows itself.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import type { CaseResult } from './run-case.js';
import { runCases, suiteOf, type Suite } from './suite.js';
import type { TestFile } from './testfile.js';

type Pair = readonly [number, number];

interface Setup {
  fnfTestWorker: true;
  tests: TestFile[];
  cwd: string;
}

/** Parent → worker: cases to run, with their place in the run. */
type Batch = { items: Array<{ at: number; pair: Pair }> };
/** Worker → parent: ready for a batch, with the results of the last one. */
type Done = { results: Array<{ at: number; result: CaseResult }> } | { error: string };

/** Workers join only once this thread has been at it this long and cases remain. */
const JOIN_AFTER_MS = 150;
/** ...and only if at least this many cases remain per extra thread. */
const MIN_CASES_PER_WORKER = 8;
const BATCH = 4;

/** `fnf test __worker`: answers batches from the parent thread until it ends this thread. */
export function serveWorker(): void {
  const setup = workerData as Setup | undefined;
  if (isMainThread || !setup?.fnfTestWorker) throw new UsageError('fnf test __worker runs only inside fnf test');
  const suite = suiteOf(setup.tests, setup.cwd);
  parentPort!.on('message', (batch: Batch) => {
    runCases(suite, batch.items.map((i) => i.pair)).then(
      (results) => parentPort!.postMessage({ results: results.map((result, k) => ({ at: batch.items[k]!.at, result })) } satisfies Done),
      (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Done),
    );
  });
  parentPort!.postMessage({ results: [] } satisfies Done);
}

export interface RunOptions {
  /** The fnf CLI script the workers run; without it (in-process callers) every case runs in this thread. */
  entry?: string;
  /** Called with the cases that are done, in order: each call continues where the last one stopped. */
  onProgress?(done: Array<{ pair: Pair; result: CaseResult }>): void;
}

/** The results, in the order of `selected`, and how many threads ran them. */
export async function runInWorkers(suite: Suite, selected: readonly Pair[], jobs: number, cwd: string, opts: RunOptions = {}): Promise<{ results: CaseResult[]; threads: number }> {
  const { entry, onProgress } = opts;
  const results: CaseResult[] = new Array(selected.length);
  let reported = 0;
  let next = 0;
  let pending = selected.length;
  const take = (n: number) => {
    const items: Batch['items'] = [];
    while (items.length < n && next < selected.length) items.push({ at: next, pair: selected[next++]! });
    return items;
  };
  const workers = new Set<Worker>();
  let helped = 0;
  let failure: Error | undefined;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const fail = (err: Error) => {
    failure ??= err;
    allDone();
  };
  const settled = (at: number, result: CaseResult) => {
    results[at] = result;
    if (onProgress && at === reported) {
      const done: Array<{ pair: Pair; result: CaseResult }> = [];
      while (reported < selected.length && results[reported]) done.push({ pair: selected[reported]!, result: results[reported++]! });
      onProgress(done);
    }
    if (--pending === 0) allDone();
  };

  const join = (script: string) => {
    const extra = Math.min(jobs - 1, Math.floor((selected.length - next) / MIN_CASES_PER_WORKER));
    const setup: Setup = { fnfTestWorker: true, tests: suite.files.map((f) => f.test), cwd };
    for (let i = 0; i < extra; i++) {
      const worker = new Worker(script, { argv: ['test', '__worker'], workerData: setup, stdout: true, stderr: true });
      let busy = false;
      let ranAny = false;
      workers.add(worker);
      worker.on('message', (done: Done) => {
        if ('error' in done) return fail(new Error(`a test worker failed: ${done.error}`));
        for (const { at, result } of done.results) settled(at, result);
        const items = take(BATCH);
        busy = items.length > 0;
        if (!busy) return;
        if (!ranAny) helped++;
        ranAny = true;
        worker.postMessage({ items } satisfies Batch);
      });
      worker.on('error', fail);
      // A worker that could not start took no cases: this thread runs them. One that dies holding a batch is a bug.
      worker.on('exit', (code) => {
        workers.delete(worker);
        if (busy) fail(new Error(`a test worker exited (${code}) while running cases`));
      });
    }
  };

  const started = performance.now();
  let joined = entry === undefined || jobs <= 1;
  try {
    while (next < selected.length && !failure) {
      const [item] = take(1);
      const [result] = await runCases(suite, [item!.pair]);
      settled(item!.at, result!);
      if (!joined && performance.now() - started >= JOIN_AFTER_MS) {
        joined = true;
        join(entry!);
      }
    }
    if (pending > 0 && !failure) await finished;
  } finally {
    await Promise.all([...workers].map((w) => w.terminate()));
  }
  if (failure) throw failure;
  return { results, threads: 1 + helped };
}
