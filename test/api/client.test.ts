// The real pop-core client, signing real requests to a scripted stand-in for
// the service on 127.0.0.1: retry decisions, skew correction, the
// ExecutionAlreadyExists-after-a-lost-answer rule, error messages, redaction.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import type { FnfClient } from '../../src/api/types.js';
import type { ResolvedProfile } from '../../src/config/resolve.js';
import { systemClock } from '../../src/context.js';
import { FnfError, NetworkError } from '../../src/errors.js';
import { BufferStream } from '../helpers/ctx.js';
import { apiError, delayed, html502, json, ok, reset, startFakeService, type Answer, type FakeService, type SeenRequest } from './fake-service.js';

const SECRET = 'test-secret-Zq9xW2vK7pL4';
const TOKEN = 'sts-token-Hy7Jk3Lm9Np2Qr5T';

let service: FakeService;
beforeAll(async () => {
  service = await startFakeService();
});
afterAll(() => service.close());
beforeEach(() => {
  service.seen.length = 0;
  service.fallback = ok();
});

function profile(overrides: Partial<ResolvedProfile> = {}): ResolvedProfile {
  return {
    name: 'test',
    source: 'test',
    region: 'cn-hangzhou',
    endpoint: service.endpoint,
    accessKeyId: 'LTAI5tTestKeyId01',
    accessKeySecret: SECRET,
    securityToken: TOKEN,
    ...overrides,
  };
}

function client(overrides: Partial<ResolvedProfile> = {}, attempts = 4): { client: FnfClient; stderr: BufferStream } {
  const stderr = new BufferStream();
  const c = createClient(profile(overrides), { verbose: true, stderr, clock: systemClock, retry: { attempts, baseMs: 1, capMs: 5 } });
  return { client: c, stderr };
}

const execution = { Name: 'e1', FlowName: 'f', Status: 'Running', StartedTime: '2026-01-01T00:00:00.000Z' };

/** Everything a user could see: message, hint, verbose log. */
function visible(err: unknown, stderr: BufferStream): string {
  const e = err as { message: string; hint?: string };
  return `${e.message}\n${e.hint ?? ''}\n${stderr.text}`;
}

function expectNoSecrets(text: string, seen: SeenRequest[]): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(encodeURIComponent(TOKEN));
  for (const req of seen) expect(text).not.toContain(req.params.Signature);
  expect(text).not.toMatch(/Signature=/);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable('expected a failure'), (err: unknown) => err);
}

describe('requests', () => {
  it('sends reads as signed GETs with string parameters, undefined ones left out', async () => {
    service.script(ok(execution));
    const { client: c } = client();
    const res = await c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1', WaitTimeSeconds: 5 });
    expect(res.Name).toBe('e1');
    const [req] = service.seen;
    expect(req!.method).toBe('GET');
    expect(req!.params).toMatchObject({ Action: 'DescribeExecution', Version: '2019-03-15', WaitTimeSeconds: '5', SecurityToken: TOKEN });
    // The signature is HMAC-SHA1 over the canonical query, keyed with the secret: pop-core signs for real.
    const { Signature, ...rest } = req!.params;
    const canonical = Object.keys(rest).sort().map((k) => `${enc(k)}=${enc(rest[k]!)}`).join('&');
    const expected = createHmac('sha1', `${SECRET}&`).update(`GET&%2F&${enc(canonical)}`).digest('base64');
    expect(Signature).toBe(expected);
    expect(c.requestCount).toBe(1);
  });

  it('sends writes as form-encoded POSTs and converts booleans', async () => {
    service.script(ok({ Executions: [] }), ok(execution));
    const { client: c } = client();
    await c.call('ListExecutions', { FlowName: 'f', MetadataOnly: true, NextToken: undefined });
    expect(service.seen[0]!.params.MetadataOnly).toBe('true');
    expect('NextToken' in service.seen[0]!.params).toBe(false);
    await c.call('StartExecution', { FlowName: 'f', ExecutionName: 'e1', Input: '{"a":1}' });
    expect(service.seen[1]!.method).toBe('POST');
    expect(service.seen[1]!.rawUrl).toBe('/');
    expect(service.seen[1]!.params.Input).toBe('{"a":1}');
  });

  it('logs one line per request and answer with --verbose, secrets redacted', async () => {
    service.script(ok(execution));
    const { client: c, stderr } = client();
    await c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1' });
    expect(stderr.text).toMatch(/^fnf: → DescribeExecution GET FlowName=f ExecutionName=e1\nfnf: ← DescribeExecution 200 \d+ ms RequestId=req-ok\n$/);
  });
});

function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('retries', () => {
  it.each([
    ['HTTP 500', apiError(500, 'InternalServerError')],
    ['HTTP 503', apiError(503, 'ServiceUnavailable')],
    ['429 ResourceThrottled', apiError(429, 'ResourceThrottled')],
    ['an HTML 502 from a proxy', html502],
    ['a reset connection', reset],
    ['an answer later than the timeout', delayed(1_500, ok(execution))],
    ['a 200 answer without the fields of the API (a broken gateway)', ok()],
  ])('retries a read after %s', async (_what, answer) => {
    service.script(answer, ok(execution));
    const { client: c, stderr } = client();
    const res = await c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1' }, { timeoutMs: 300 });
    expect(res.Name).toBe('e1');
    expect(c.requestCount).toBe(2);
    expect(stderr.text).toMatch(/retrying DescribeExecution in \d+ ms \(attempt 2 of 4\)/);
  });

  it('gives up after the last attempt with a NetworkError naming the cause', async () => {
    service.fallback = apiError(503, 'ServiceUnavailable', 'try later');
    const { client: c, stderr } = client();
    const err = await failure(c.call('ListFlows', {}));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).exitCode).toBe(6);
    expect((err as Error).message).toBe('ServiceUnavailable: try later (4 attempts)');
    expect(c.requestCount).toBe(4);
    expectNoSecrets(visible(err, stderr), service.seen);
  });

  it('counts throttled answers, and gives a poller that asks for it the throttling at once', async () => {
    service.fallback = apiError(429, 'ResourceThrottled', 'slow down');
    const { client: c } = client();
    const err = await failure(c.call('GetExecutionHistory', { FlowName: 'f', ExecutionName: 'e1' }, { retryThrottled: false }));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ResourceThrottled');
    expect([c.requestCount, c.throttledCount]).toEqual([1, 1]);
    await failure(c.call('GetExecutionHistory', { FlowName: 'f', ExecutionName: 'e1' }));
    expect([c.requestCount, c.throttledCount]).toEqual([5, 5]);
  });

  it('says a non-JSON answer is not JSON, with the page title', async () => {
    service.fallback = html502;
    const { client: c, stderr } = client({}, 2);
    const err = await failure(c.call('ListFlows', {}));
    expect((err as Error).message).toBe(`${service.endpoint} answered ListFlows with something that is not JSON: "502 Bad Gateway" (2 attempts)`);
    expectNoSecrets(visible(err, stderr), service.seen);
  });

  it('says a JSON answer without the fields the action needs lacks them, not that it is not JSON', async () => {
    service.fallback = ok();
    const { client: c } = client({}, 2);
    const err = await failure(c.call('ListFlows', {}));
    expect((err as Error).message).toBe(`${service.endpoint} answered ListFlows with JSON that has no Flows (2 attempts)`);
  });

  it('never retries a 4xx that will not change', async () => {
    service.fallback = apiError(404, 'FlowNotExists', 'flow not found');
    const { client: c, stderr } = client();
    const err = await failure(c.call('DescribeFlow', { Name: 'nope' }));
    expect(err).toBeInstanceOf(FnfError);
    expect((err as FnfError).message).toBe(`FlowNotExists: flow "nope" does not exist at ${service.endpoint}`);
    expect((err as FnfError).status).toBe(404);
    expect((err as FnfError).requestId).toBe('req-FlowNotExists');
    expect(c.requestCount).toBe(1);
    expectNoSecrets(visible(err, stderr), service.seen);
  });

  it('names the region, not the endpoint, for the standard endpoint of a region', async () => {
    service.fallback = apiError(404, 'FlowNotExists');
    const err = await failure(client({ region: 'cn-hangzhou' }).client.call('DescribeFlow', { Name: 'x' }));
    expect((err as Error).message).toBe(`FlowNotExists: flow "x" does not exist at ${service.endpoint}`);
    const { whereOf } = await import('../../src/api/client.js');
    expect(whereOf({ region: 'cn-shanghai', endpoint: 'https://cn-shanghai.fnf.aliyuncs.com' })).toBe('in cn-shanghai');
  });

  it('does not resend a write whose answer was lost (it may have been applied)', async () => {
    service.script(apiError(503, 'ServiceUnavailable'));
    const { client: c } = client();
    const err = await failure(c.call('StopExecution', { FlowName: 'f', ExecutionName: 'e1' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(c.requestCount).toBe(1);
  });

  it('resends even a write after ResourceThrottled (it was not carried out)', async () => {
    service.script(apiError(429, 'ResourceThrottled'), ok(execution));
    const { client: c } = client();
    await c.call('StopExecution', { FlowName: 'f', ExecutionName: 'e1' });
    expect(c.requestCount).toBe(2);
  });

  it('does not resend a StartExecution without a name after a lost answer', async () => {
    service.script(reset);
    const { client: c } = client();
    await failure(c.call('StartExecution', { FlowName: 'f' }));
    expect(c.requestCount).toBe(1);
  });

  it('reports a refused connection as a NetworkError naming the endpoint', async () => {
    const { client: c, stderr } = client({ endpoint: 'http://127.0.0.1:1' }, 2);
    const err = await failure(c.call('ListFlows', {}));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toBe('cannot reach http://127.0.0.1:1: connection refused (2 attempts)');
    expect((err as NetworkError).hint).toBe('is `fnf local serve` running?');
    expectNoSecrets(visible(err, stderr), []);
  });

  it('waits out a long poll longer than pop-core\'s 3 s default when the caller allows it', async () => {
    service.script(delayed(3_500, ok(execution)));
    const { client: c } = client();
    await c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1', WaitTimeSeconds: 3 }, { timeoutMs: 8_000 });
    expect(c.requestCount).toBe(1);
  });

  it('stops promptly when the signal aborts, even mid-request', async () => {
    service.script(delayed(5_000, ok(execution)));
    const { client: c } = client();
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1', WaitTimeSeconds: 30 }, { signal: controller.signal, timeoutMs: 40_000 }));
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('StartExecution with a fixed name', () => {
  it('returns the execution when a retry finds that its lost first attempt started it', async () => {
    service.script(reset, apiError(400, 'ExecutionAlreadyExists'), ok({ ...execution, Status: 'Succeeded' }));
    const { client: c, stderr } = client();
    const res = await c.call('StartExecution', { FlowName: 'f', ExecutionName: 'e1' });
    expect(res).toMatchObject({ Name: 'e1', Status: 'Succeeded' });
    expect(service.seen.map((r) => r.params.Action)).toEqual(['StartExecution', 'StartExecution', 'DescribeExecution']);
    expect(service.seen[2]!.params).toMatchObject({ FlowName: 'f', ExecutionName: 'e1' });
    expect(c.requestCount).toBe(3);
    expect(stderr.text).toContain('already exists after a lost answer');
  });

  it('is an error on the first attempt, with the describe command as hint', async () => {
    service.script(apiError(400, 'ExecutionAlreadyExists'));
    const { client: c } = client();
    const err = await failure(c.call('StartExecution', { FlowName: 'f', ExecutionName: 'e1' }));
    expect(err).toBeInstanceOf(FnfError);
    expect((err as FnfError).message).toBe('ExecutionAlreadyExists: execution "e1" of flow "f" already exists and has ended');
    expect((err as FnfError).hint).toBe('see it with: fnf describe f e1');
  });

  it('is an error when the earlier attempt was throttled, so it cannot have started anything', async () => {
    service.script(apiError(429, 'ResourceThrottled'), apiError(400, 'ExecutionAlreadyExists'));
    const err = await failure(client().client.call('StartExecution', { FlowName: 'f', ExecutionName: 'e1' }));
    expect((err as FnfError).code).toBe('ExecutionAlreadyExists');
  });
});

describe('clock skew', () => {
  const HOUR = 3_600_000;
  /** A service whose clock runs an hour ahead and rejects Timestamps more than 15 minutes off. */
  const skewChecking: Answer = (req, res) => {
    const serverNow = Date.now() + HOUR;
    const sent = Date.parse(req.params.Timestamp!);
    const answer = Math.abs(sent - serverNow) > 15 * 60_000
      ? json(403, { RequestId: 'r-skew', Code: 'RequestTimeTooSkewed', Message: 'skewed' }, { date: new Date(serverNow).toUTCString() })
      : ok(execution);
    answer(req, res);
  };

  it('retries once with a Timestamp corrected from the Date header, and keeps the correction', async () => {
    service.fallback = skewChecking;
    const { client: c, stderr } = client();
    await c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1' });
    expect(c.requestCount).toBe(2);
    const corrected = Date.parse(service.seen[1]!.params.Timestamp!);
    expect(Math.abs(corrected - (Date.now() + HOUR))).toBeLessThan(5_000);
    // The Date header has whole seconds, so the offset learnt is within a second or two of the hour.
    expect(stderr.text).toMatch(/clock differs from the server's by 3(59[89]|600) s/);
    await c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1' });
    expect(c.requestCount).toBe(3);
  });

  it('gives up after one correction, with a hint about the clock', async () => {
    service.fallback = json(403, { RequestId: 'r', Code: 'RequestTimeTooSkewed', Message: 'skewed' }, { date: new Date().toUTCString() });
    const { client: c } = client();
    const err = await failure(c.call('ListFlows', {}));
    expect(c.requestCount).toBe(2);
    expect((err as FnfError).code).toBe('RequestTimeTooSkewed');
    expect((err as FnfError).hint).toMatch(/clock/);
  });
});

describe('redaction on every error path', () => {
  it.each([
    ['InvalidAccessKeyID', apiError(403, 'InvalidAccessKeyID', 'Specified access key is not found.')],
    ['SignatureNotMatch', apiError(403, 'SignatureNotMatch', 'The request signature does not conform.')],
  ])('%s: message, hint and log hold no secret; the hint points at fnf profiles', async (code, answer) => {
    service.fallback = answer;
    const { client: c, stderr } = client();
    const err = await failure(c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1' }));
    expect((err as FnfError).code).toBe(code);
    expect((err as FnfError).hint).toBe('check the credentials of profile "test" with `fnf profiles`');
    expectNoSecrets(visible(err, stderr), service.seen);
  });

  it('a service message that echoes the secret is masked', async () => {
    service.fallback = apiError(400, 'InvalidArgument', `bad token ${TOKEN} and key ${SECRET}`);
    const { client: c, stderr } = client();
    const err = await failure(c.call('ListFlows', {}));
    expect((err as Error).message).toBe('InvalidArgument: bad token *** and key ***');
    expectNoSecrets(visible(err, stderr), service.seen);
  });

  it.each([['reset', reset], ['timeout', delayed(1_000, ok())], ['HTML', html502]])('a %s after retries holds no secret', async (_w, answer) => {
    service.fallback = answer;
    const { client: c, stderr } = client({}, 2);
    const err = await failure(c.call('DescribeExecution', { FlowName: 'f', ExecutionName: 'e1' }, { timeoutMs: 200 }));
    expect(err).toBeInstanceOf(NetworkError);
    expectNoSecrets(visible(err, stderr), service.seen);
  });
});
