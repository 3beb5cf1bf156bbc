// Runs followExecution against a scripted service on a fake clock and returns what it printed.
import { followExecution, type FollowOptions } from '../../src/commands/follow.js';
import { fakeClock, testCtx, type TestCtx } from '../helpers/ctx.js';
import { fakeService, type FakeService, type Script } from '../watch/fake-service.js';
import type { Env } from '../../src/context.js';

export interface Followed {
  code: number;
  ctx: TestCtx;
  client: FakeService;
}

export async function follow(
  script: Script,
  opts: Partial<FollowOptions> & { env?: Env; before?: (ctx: TestCtx, client: FakeService) => void } = {},
): Promise<Followed> {
  const clock = fakeClock();
  const ctx = testCtx({ clock, env: opts.env });
  const client = fakeService(clock, script);
  opts.before?.(ctx, client);
  const code = await followExecution(
    { flowName: 'demo', executionName: 'exec1', output: 'text', resumeCommand: 'fnf wait demo exec1', ...opts },
    ctx,
    client,
  );
  return { code, ctx, client };
}
