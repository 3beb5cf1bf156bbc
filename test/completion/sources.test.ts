// Flow and execution names: a 60 s cache in real files keyed by the account
// selected on the line, a hard deadline, failures answered with nothing, and
// `fnf __complete` silent on stderr whatever happens.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionMap, FnfClient } from '../../src/api/types.js';
import { createProgram } from '../../src/program.js';
import type { Ctx, GlobalOptions } from '../../src/context.js';
import { fileCache } from '../../src/completion/cache.js';
import { runComplete } from '../../src/completion/run.js';
import { accountKey, dynamicSources } from '../../src/completion/sources.js';
import { fakeClock, testCtx } from '../helpers/ctx.js';

const SECRET = 'very-secret-key-material-123';

/** A client that answers ListFlows/ListExecutions from memory and records the calls and globals it was made for. */
function fakeService(opts: { delayMs?: number; fail?: boolean } = {}) {
  const calls: string[] = [];
  const clientsFor: GlobalOptions[] = [];
  const client = (globals: GlobalOptions): Promise<FnfClient> => {
    clientsFor.push(globals);
    return Promise.resolve({
      region: 'cn-hangzhou',
      endpoint: 'http://127.0.0.1:1',
      requestCount: 0,
      async call(action: string, params: Record<string, unknown>, callOpts?: { signal?: AbortSignal }) {
        calls.push(`${action}${params.FlowName ? `:${params.FlowName}` : ''}`);
        if (opts.delayMs) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, opts.delayMs);
            callOpts?.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))));
          });
        }
        if (opts.fail) throw new Error(`connect ECONNREFUSED Signature=${SECRET}`);
        if (action === 'ListFlows') return { Flows: [{ Name: 'my_flow' }, { Name: 'other' }], RequestId: 'r' };
        return { Executions: [{ Name: `${params.FlowName}-run-1` }], RequestId: 'r' } as ActionMap['ListExecutions']['res'];
      },
    } as FnfClient);
  };
  return { calls, clientsFor, client };
}

function setup(service = fakeService(), deadlineMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-cc-'));
  const clock = fakeClock();
  const ctx = testCtx({ client: service.client, clock, env: {} });
  const sourcesFor = (globals: GlobalOptions) =>
    dynamicSources(ctx, { globals, cache: fileCache(dir, clock), profileNames: async () => [], deadlineMs });
  return { dir, clock, ctx, sourcesFor, service };
}

describe('cache', () => {
  it('answers a second Tab within 60 s from its file, asks again after', async () => {
    const { clock, sourcesFor, service } = setup();
    expect(await sourcesFor({}).flows()).toEqual(['my_flow', 'other']);
    expect(await sourcesFor({}).flows()).toEqual(['my_flow', 'other']);
    expect(await sourcesFor({}).executions('my_flow')).toEqual(['my_flow-run-1']);
    expect(service.calls).toEqual(['ListFlows', 'ListExecutions:my_flow']);
    clock.advance(60_001);
    await sourcesFor({}).flows();
    expect(service.calls).toEqual(['ListFlows', 'ListExecutions:my_flow', 'ListFlows']);
  });

  it('keys answers by the profile and endpoint on the line, and uses them for the client', async () => {
    const { sourcesFor, service } = setup();
    await sourcesFor({ profile: 'dev' }).flows();
    await sourcesFor({ profile: 'prod' }).flows();
    await sourcesFor({ profile: 'prod', endpoint: 'http://127.0.0.1:9' }).flows();
    await sourcesFor({ profile: 'dev' }).flows();
    expect(service.calls).toEqual(['ListFlows', 'ListFlows', 'ListFlows']);
    expect(service.clientsFor.map((g) => g.profile)).toEqual(['dev', 'prod', 'prod']);
  });

  it('writes files only the user can read, holding names and no secret', async () => {
    const { dir, sourcesFor } = setup();
    await sourcesFor({ profile: 'dev', accessKeyId: 'LTAIkeyid', accessKeySecret: SECRET }).flows();
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(dir, files[0]!), 'utf8');
    expect(text).toContain('my_flow');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('dev');
  });

  it('does not cache a failure', async () => {
    const failing = fakeService({ fail: true });
    const { sourcesFor, dir } = setup(failing);
    expect(await sourcesFor({}).flows()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('accountKey', () => {
  const keyFor = (env: Record<string, string>) => accountKey({}, testCtx({ env }));

  it('tells accounts apart by the key id the client reads from the environment', () => {
    const a = keyFor({ ALICLOUD_ACCESS_KEY_ID: 'LTAI-account-a' });
    const b = keyFor({ ALICLOUD_ACCESS_KEY_ID: 'LTAI-account-b' });
    expect(a).not.toEqual(b);
    expect(a).toContain('LTAI-account-a');
  });

  it('reads the region in the client\'s order and ignores empty variables', () => {
    expect(keyFor({ FNF_REGION: 'cn-shanghai', ALICLOUD_REGION_ID: 'cn-beijing' })).toEqual(keyFor({ ALICLOUD_REGION_ID: 'cn-beijing' }));
    expect(keyFor({ ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALICLOUD_ACCESS_KEY_ID: 'LTAI-x' })).toEqual(keyFor({ ALICLOUD_ACCESS_KEY_ID: 'LTAI-x' }));
  });
});

it('gives up at the deadline with nothing, aborting the request', async () => {
  const { sourcesFor } = setup(fakeService({ delayMs: 5_000 }), 150);
  const started = Date.now();
  expect(await sourcesFor({}).flows()).toEqual([]);
  expect(Date.now() - started).toBeLessThan(1_000);
});

describe('runComplete', () => {
  it('prints candidates and nothing on stderr when the service fails, with the profile from the line', async () => {
    const service = fakeService({ fail: true });
    const home = mkdtempSync(join(tmpdir(), 'fnf-cc-home-'));
    const ctx = testCtx({ client: service.client, home });
    // Like createProcessContext's client(): config warnings go to this.io.stderr.
    ctx.client = async function (this: Ctx, globals) {
      this.io.stderr.write('warning: something noisy\n');
      return service.client(globals);
    };
    await runComplete({ program: await createProgram(ctx), words: ['--profile', 'dev', 'wait', ''] }, ctx);
    expect(ctx.stdout.text).toBe(':none\n');
    expect(ctx.stderr.text).toBe('');
    expect(service.clientsFor[0]).toMatchObject({ profile: 'dev' });

    const ok = testCtx({ client: fakeService().client, home });
    await runComplete({ program: await createProgram(ok), words: ['wait', 'my_flow', 'my'] }, ok);
    expect(ok.stdout.text).toBe('my_flow-run-1\n:none\n');
    expect(readdirSync(join(home, '.cache', 'fnf', 'completion'))).toHaveLength(1);
  });
});
