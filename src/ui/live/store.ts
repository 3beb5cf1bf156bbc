// The live view's state outside React: the renderer pushes watch updates and
// key actions in, the view subscribes (useSyncExternalStore).
import type { StepNode, WatchUpdate } from '../../watch/types.js';
import type { FollowEnd } from '../renderer.js';
import { rowIsFinal } from '../steps.js';

export type Prompt = 'confirm-stop' | 'stopping';

export interface LiveState {
  update?: WatchUpdate;
  /** Top-level steps whose row is final (steps.ts rowIsFinal), in the order they became so: printed once (Ink's <Static>). */
  finished: StepNode[];
  prompt?: Prompt;
  notice?: string;
  fullOutput: boolean;
  end?: FollowEnd;
}

/** State a view reads with useSyncExternalStore: `set` patches it and tells the subscribers. */
export class ExternalStore<S extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(protected state: S) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): S => this.state;

  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export class LiveStore extends ExternalStore<LiveState> {
  private readonly finishedIds = new Set<number>();

  constructor() {
    super({ finished: [], fullOutput: false });
  }

  update(update: WatchUpdate): void {
    const ended = update.snapshot.steps.filter((s) => rowIsFinal(s, update.snapshot.done) && !this.finishedIds.has(s.id));
    for (const s of ended) this.finishedIds.add(s.id);
    this.set({ update, finished: ended.length ? [...this.state.finished, ...ended] : this.state.finished });
  }

  setPrompt(prompt: Prompt | undefined, notice?: string): void {
    this.set({ prompt, notice });
  }

  toggleOutput(): void {
    this.set({ fullOutput: !this.state.fullOutput });
  }

  end(end: FollowEnd): void {
    this.set({ end, prompt: undefined });
  }
}
