// Long polls: each execution keeps the list of requests waiting for its end,
// so an end answers them at once and nothing polls.

export class Waiters<K> {
  private readonly byKey = new Map<K, Set<() => void>>();

  /** Resolves on wake(key), after timeoutMs (if given), or when the signal aborts. */
  wait(key: K, timeoutMs: number | undefined, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    let set = this.byKey.get(key);
    if (!set) {
      set = new Set();
      this.byKey.set(key, set);
    }
    const waiting = set;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiting.delete(done);
        if (waiting.size === 0 && this.byKey.get(key) === waiting) this.byKey.delete(key);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      waiting.add(done);
    });
  }

  wake(key: K): void {
    const set = this.byKey.get(key);
    if (set) for (const done of [...set]) done();
  }

  wakeAll(): void {
    for (const key of [...this.byKey.keys()]) this.wake(key);
  }
}
