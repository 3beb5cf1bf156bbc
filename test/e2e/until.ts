import type { PopClient } from '../helpers/endpoint.js';

/** Polls probe() every 100 ms until it returns something other than undefined (errors count as not yet). */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the execution `flow`/`name` is Running (DescribeExecution says so). */
export async function untilRunning(pop: PopClient, flow: string, name: string): Promise<void> {
  await until(async () => ((await pop.request('DescribeExecution', { FlowName: flow, ExecutionName: name })).Status === 'Running' ? true : undefined), `${name} to run`);
}
