// Off a terminal, a watch that prints nothing for long looks hung, and CI
// systems kill silent jobs: a line every HEARTBEAT_MS of silence says it is alive.
import type { Clock } from '../context.js';

const HEARTBEAT_MS = 30_000;

export class Heartbeat {
  private lastLineAt: number;
  private readonly quiet = new AbortController();
  private readonly beating: Promise<void>;

  /** `say(now)` prints the heartbeat line (which counts as a line). */
  constructor(
    private readonly clock: Clock,
    private readonly say: (now: number) => void,
  ) {
    this.lastLineAt = clock.now();
    this.beating = this.beat();
  }

  /** A line was printed: the silence starts again. */
  touch(): void {
    this.lastLineAt = this.clock.now();
  }

  async stop(): Promise<void> {
    this.quiet.abort();
    await this.beating;
  }

  private async beat(): Promise<void> {
    const { clock } = this;
    const signal = this.quiet.signal;
    while (!signal.aborted) {
      await clock.sleep(Math.max(1, this.lastLineAt + HEARTBEAT_MS - clock.now()), signal);
      if (signal.aborted || clock.now() < this.lastLineAt + HEARTBEAT_MS) continue;
      this.say(clock.now());
    }
  }
}
