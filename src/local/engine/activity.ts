// A node in the tree of running work (execution → step → branch/iteration →
// step…). Cancelling a node clears its timers, aborts its requests and
// forgets its task tokens, then does the same for everything below it, so
// stop(), a failed branch and a finished step leave nothing behind.
export class Activity {
  cancelled = false;
  private readonly cleanups = new Set<() => void>();
  private readonly children = new Set<Activity>();

  constructor(private readonly parent?: Activity) {}

  child(): Activity {
    const child = new Activity(this);
    if (this.cancelled) child.cancelled = true;
    else this.children.add(child);
    return child;
  }

  /** Runs `cleanup` when this activity is cancelled (at once if it already is); returns what takes it back. */
  onCancel(cleanup: () => void): () => void {
    if (this.cancelled) cleanup();
    else this.cleanups.add(cleanup);
    return () => void this.cleanups.delete(cleanup);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const child of this.children) child.cancel();
    for (const cleanup of this.cleanups) cleanup();
    this.children.clear();
    this.cleanups.clear();
    this.parent?.children.delete(this);
  }
}
