// The client against a real `fnf local serve` (real signing, real protocol),
// with the profile resolved the way the CLI resolves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { resolveProfile } from '../../src/config/resolve.js';
import { systemClock } from '../../src/context.js';
import { FnfError } from '../../src/errors.js';
import { BufferStream, testCtx } from '../helpers/ctx.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';

const FLOW = `Type: StateMachine
SpecVersion: v1
Name: hello
StartAt: greet
States:
  - Type: Pass
    Name: greet
    End: true
`;

let ep: Endpoint;
beforeAll(async () => {
  ep = await startEndpoint();
});
afterAll(() => ep?.stop());

async function client(env: Record<string, string> = ep.cliEnv) {
  const profile = await resolveProfile({}, testCtx({ env, home: '/nonexistent-home', cwd: '/' }));
  const stderr = new BufferStream();
  return { client: createClient(profile, { verbose: true, stderr, clock: systemClock }), stderr };
}

describe('client against fnf local serve', () => {
  it('creates a flow, starts an execution, long-polls it to the end and reads its history', async () => {
    const { client: c, stderr } = await client();
    await c.call('CreateFlow', { Name: 'hello', Definition: FLOW, Type: 'FDL', Description: 'client test' });
    const started = await c.call('StartExecution', { FlowName: 'hello', ExecutionName: 'e1', Input: '{"who":"Ada"}' });
    expect(started.Name).toBe('e1');
    const done = await c.call('DescribeExecution', { FlowName: 'hello', ExecutionName: 'e1', WaitTimeSeconds: 5 }, { timeoutMs: 10_000 });
    expect(done.Status).toBe('Succeeded');
    const history = await c.call('GetExecutionHistory', { FlowName: 'hello', ExecutionName: 'e1', Limit: 100 });
    expect(history.Events.map((e) => e.Type)).toContain('ExecutionSucceeded');
    expect(c.requestCount).toBe(4);
    expect(stderr.text).not.toContain(ep.accessKeySecret);
  });

  it('maps the endpoint\'s errors to readable FnfErrors', async () => {
    const { client: c } = await client();
    const err = await c.call('DescribeFlow', { Name: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FnfError);
    expect((err as FnfError).message).toBe(`FlowNotExists: flow "missing" does not exist at ${ep.endpoint}`);
    expect((err as FnfError).status).toBe(404);
  });

  it('a wrong secret is refused with a hint to check the profile, and the secret never shows', async () => {
    const { client: c, stderr } = await client({ ...ep.cliEnv, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-0000' });
    const err = (await c.call('ListFlows', {}).catch((e: unknown) => e)) as FnfError;
    expect(err).toBeInstanceOf(FnfError);
    expect(err.code).toMatch(/SignatureNotMatch|InvalidAccessKeyID/);
    expect(err.hint).toBe('check the credentials of profile "(environment)" with `fnf profiles`');
    expect(`${err.message}${err.hint}${stderr.text}`).not.toContain('wrong-secret-0000');
  });
});
