import { describe, expect, it } from 'vitest';
import type { SignalName } from '../../src/context.js';
import { NetworkError } from '../../src/errors.js';
import type { FakeClock } from '../helpers/ctx.js';
import { follow } from '../ui/follow-helpers.js';
import { failingMap, tenMinuteWait } from '../watch/scripts.js';

describe('followExecution', () => {
  it('returns the exit code of the end status', async () => {
    expect((await follow(tenMinuteWait)).code).toBe(0);
    expect((await follow(failingMap)).code).toBe(1);
    expect((await follow({ ...failingMap, status: 'TimedOut' })).code).toBe(3);
    expect((await follow({ ...failingMap, status: 'Stopped' })).code).toBe(4);
  });

  it('detaches on SIGINT with exit 130 and the resume command, and stops listening for signals', async () => {
    const handlers = new Map<SignalName, () => void>();
    const { code, ctx } = await follow(tenMinuteWait, {
      before: (c, client) => {
        c.onSignal = (signal, handler) => {
          handlers.set(signal, handler);
          return () => handlers.delete(signal);
        };
        // Ctrl-C arrives while the first long poll is on its way.
        const call = client.call.bind(client);
        client.call = (async (action: never, params: never, opts: never) => {
          if (action === 'DescribeExecution' && client.counts.DescribeExecution === 1) handlers.get('SIGINT')!();
          return call(action, params, opts);
        }) as typeof client.call;
      },
    });
    expect(code).toBe(130);
    expect(ctx.stderr.text).toContain('Detached; exec1 keeps running. Resume with: fnf wait demo exec1');
    expect(handlers.size).toBe(0);
  });

  it('lets a network error propagate once the renderer is done and the watch has run out of patience', async () => {
    await expect(
      follow(tenMinuteWait, {
        before: (c, client) => {
          const clock = c.clock as FakeClock;
          c.clock = { ...clock, sleep: async (ms: number) => clock.advance(ms) };
          client.call = (async () => {
            throw new NetworkError('connect ECONNREFUSED 127.0.0.1:1');
          }) as typeof client.call;
        },
      }),
    ).rejects.toBeInstanceOf(NetworkError);
  });
});
