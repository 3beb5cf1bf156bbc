// Token-bucket rate limits: the buckets themselves, and ResourceThrottled
// (429) from a server started with limits on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBucket, serviceRateLimiter } from '../../src/local/ratelimit.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate, never beyond the burst', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([true, true, false]);
  });

  it('applies the service limits per action class', () => {
    let now = 0;
    const limiter = serviceRateLimiter(() => now);
    const count = (action: string, tries: number) => Array.from({ length: tries }, () => limiter.allow(action)).filter(Boolean).length;
    expect(count('StartExecution', 150)).toBe(100);
    expect(count('DescribeExecution', 30) + count('GetExecutionHistory', 30)).toBe(50);
    expect(count('ListFlows', 20)).toBe(10);
    now = 1000;
    expect(count('StartExecution', 150)).toBe(100);
    expect(count('DescribeExecution', 20)).toBe(5);
    expect(count('StopExecution', 20)).toBe(2);
  });
});

describe('a server with rate limits on', () => {
  let ep: Endpoint;
  beforeAll(async () => {
    ep = await startEndpoint({ rateLimits: true });
  });
  afterAll(async () => {
    await ep?.stop();
  });

  it('answers ResourceThrottled (429) past the burst of the "other actions" class, and not for another class', async () => {
    const client = ep.popClient();
    const results = await Promise.allSettled(Array.from({ length: 14 }, () => client.request('ListFlows', {})));
    const throttled = results.filter((r) => r.status === 'rejected');
    expect(results.length - throttled.length).toBeGreaterThanOrEqual(10);
    expect(results.length - throttled.length).toBeLessThanOrEqual(11);
    const err = (throttled[0] as PromiseRejectedResult).reason as { code: string; entry: { response: { statusCode: number } } };
    expect([err.code, err.entry.response.statusCode]).toEqual(['ResourceThrottled', 429]);
    const other = await client.request('DescribeExecution', { FlowName: 'x', ExecutionName: 'y' }).catch((e: { code: string }) => e.code);
    expect(other).toBe('FlowNotExists');
  });
});
