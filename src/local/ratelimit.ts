// Token buckets per action class, with the service's published limits, so
// that clients meet ResourceThrottled locally before they meet it in the cloud.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(readonly burst: number, readonly perSecond: number, now: number) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

type ActionClass = 'start' | 'watch' | 'other';

const LIMITS: Record<ActionClass, { burst: number; perSecond: number }> = {
  start: { burst: 100, perSecond: 100 },
  watch: { burst: 50, perSecond: 5 },
  other: { burst: 10, perSecond: 2 },
};

function classOf(action: string): ActionClass {
  if (action === 'StartExecution') return 'start';
  if (action === 'DescribeExecution' || action === 'GetExecutionHistory') return 'watch';
  return 'other';
}

export interface RateLimiter {
  /** False when the action's bucket is empty. */
  allow(action: string): boolean;
}

export const unlimited: RateLimiter = { allow: () => true };

export function serviceRateLimiter(now: () => number = Date.now): RateLimiter {
  const start = now();
  const buckets = {
    start: new TokenBucket(LIMITS.start.burst, LIMITS.start.perSecond, start),
    watch: new TokenBucket(LIMITS.watch.burst, LIMITS.watch.perSecond, start),
    other: new TokenBucket(LIMITS.other.burst, LIMITS.other.perSecond, start),
  };
  return { allow: (action) => buckets[classOf(action)].take(now()) };
}
