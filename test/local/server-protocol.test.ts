// The wire protocol of `fnf local serve`, spoken by the real pop-core client,
// the official SDK and hand-signed raw requests: signing faults, freshness,
// replay, unknown actions and versions, size limits, response shapes.
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/local/signature.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { PASS_FLOW } from '../helpers/flows.js';

const require = createRequire(import.meta.url);
const FnfSdk = require('@alicloud/fnf-2019-03-15') as new (config: Record<string, unknown>) => {
  listFlows(params: Record<string, unknown>): Promise<any>;
  describeFlow(params: Record<string, unknown>): Promise<any>;
  startExecution(params: Record<string, unknown>): Promise<any>;
};

let ep: Endpoint;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'pass_flow.yaml': PASS_FLOW }) });
});
afterAll(async () => {
  await ep?.stop();
});

function timestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let nonce = 0;
function commonParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    Format: 'JSON',
    Version: '2019-03-15',
    AccessKeyId: ep.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: `raw-${process.pid}-${Date.now()}-${nonce++}`,
    Timestamp: timestamp(),
    ...overrides,
  };
}

/** Sends a request signed (or not) by hand; returns status, headers and the parsed body. */
async function raw(method: 'GET' | 'POST', params: Record<string, string>, opts: { secret?: string; unsigned?: boolean; body?: string } = {}) {
  const signed = opts.unsigned ? params : { ...params, Signature: sign(method, params, opts.secret ?? ep.accessKeySecret) };
  const form = new URLSearchParams(signed).toString();
  const res = await fetch(method === 'GET' ? `${ep.endpoint}/?${form}` : `${ep.endpoint}/`, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: method === 'POST' ? (opts.body ?? form) : undefined,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function popError(promise: Promise<unknown>): Promise<{ code: string; status: number; data: Record<string, unknown>; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code: string; data: Record<string, unknown>; entry: { response: { statusCode: number } }; message: string };
    return { code: e.code, status: e.entry.response.statusCode, data: e.data, message: e.message };
  }
  throw new Error('expected the request to fail');
}

describe('accepted requests', () => {
  it('answers a pop-core GET with RequestId, no Code, JSON and a Date header', async () => {
    const res = await raw('GET', commonParams({ Action: 'DescribeFlow', Name: 'pass_flow' }));
    expect(res.status).toBe(200);
    expect(res.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(res.body).not.toHaveProperty('Code');
    expect(res.body.Name).toBe('pass_flow');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(Math.abs(Date.parse(res.headers.get('date')!) - Date.now())).toBeLessThan(5000);
  });

  it('accepts the real pop-core client over GET and POST', async () => {
    const client = ep.popClient();
    const viaGet = await client.request('DescribeFlow', { Name: 'pass_flow' });
    const viaPost = await client.request('DescribeFlow', { Name: 'pass_flow' }, { method: 'POST' });
    expect(viaGet.Definition).toBe(PASS_FLOW);
    expect(viaPost.Definition).toBe(PASS_FLOW);
    expect(viaGet.ExecutionMode).toBe('Standard');
  });

  it('merges query and form body parameters into one signed set', async () => {
    const params = commonParams({ Action: 'DescribeFlow', Name: 'pass_flow' });
    const signature = sign('POST', params, ep.accessKeySecret);
    const { Name, ...inQuery } = params;
    const res = await fetch(`${ep.endpoint}/?${new URLSearchParams({ ...inQuery, Signature: signature })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Name: Name! }).toString(),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Name: string }).Name).toBe('pass_flow');
  });

  it('signs values with characters pop-core escapes specially (! \' ( ) * space, unicode)', async () => {
    const client = ep.popClient();
    const input = JSON.stringify({ text: "it's (quite) *odd*! ünïcode 😀 a+b=c&d" });
    const started = await client.request('StartExecution', { FlowName: 'pass_flow', Input: input }, { method: 'POST' });
    expect(started.Input).toBe(input);
    const viaGet = await client.request('StartExecution', { FlowName: 'pass_flow', Input: input });
    expect(viaGet.Input).toBe(input);
  });

  it('works with the official @alicloud/fnf-2019-03-15 SDK', async () => {
    const sdk = new FnfSdk({ endpoint: ep.endpoint, accessKeyId: ep.accessKeyId, accessKeySecret: ep.accessKeySecret });
    const flows = await sdk.listFlows({});
    expect(flows.Flows.map((f: { Name: string }) => f.Name)).toContain('pass_flow');
    const started = await sdk.startExecution({ FlowName: 'pass_flow', ExecutionName: 'from_sdk', Input: '{"a":1}' });
    expect(started).toMatchObject({ Name: 'from_sdk', FlowName: 'pass_flow', Input: '{"a":1}' });
  });
});

describe('refused requests', () => {
  it('SignatureNotMatch (403) for a wrong secret, with the error body shape', async () => {
    const err = await popError(ep.popClient({ accessKeySecret: 'not-the-secret' }).request('ListFlows', {}));
    expect(err.code).toBe('SignatureNotMatch');
    expect(err.status).toBe(403);
    expect(Object.keys(err.data).sort()).toEqual(['Code', 'HostId', 'Message', 'RequestId']);
  });

  it('SignatureNotMatch when a signed parameter is altered after signing (GET and POST)', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const params = commonParams({ Action: 'DescribeFlow', Name: 'pass_flow' });
      const signature = sign(method, params, ep.accessKeySecret);
      const res = await raw(method, { ...params, Name: 'other', Signature: signature }, { unsigned: true });
      expect(res.status).toBe(403);
      expect(res.body.Code).toBe('SignatureNotMatch');
    }
  });

  it('SignatureNotMatch when a GET signature is replayed as POST', async () => {
    const params = commonParams({ Action: 'ListFlows' });
    const res = await raw('POST', { ...params, Signature: sign('GET', params, ep.accessKeySecret) }, { unsigned: true });
    expect(res.body.Code).toBe('SignatureNotMatch');
  });

  it('InvalidAccessKeyID (403) for an unknown key id', async () => {
    const err = await popError(ep.popClient({ accessKeyId: 'LTAIunknown' }).request('ListFlows', {}));
    expect(err.code).toBe('InvalidAccessKeyID');
    expect(err.status).toBe(403);
  });

  it('RequestTimeTooSkewed (403) beyond 15 minutes either way, accepted within', async () => {
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const res = await raw('GET', commonParams({ Action: 'ListFlows', Timestamp: timestamp(Date.now() + offset) }));
      expect(res.status).toBe(403);
      expect(res.body.Code).toBe('RequestTimeTooSkewed');
    }
    const ok = await raw('GET', commonParams({ Action: 'ListFlows', Timestamp: timestamp(Date.now() - 14 * 60_000) }));
    expect(ok.status).toBe(200);
  });

  it('refuses a replayed SignatureNonce', async () => {
    const params = commonParams({ Action: 'ListFlows' });
    expect((await raw('GET', params)).status).toBe(200);
    const replay = await raw('GET', params);
    expect(replay.status).toBe(400);
    expect(replay.body.Code).toBe('SignatureNonceUsed');
  });

  it('ActionNotSupported (400) and APIVersionNotSupported (400)', async () => {
    const unknown = await popError(ep.popClient().request('DescribeEverything', {}));
    expect([unknown.code, unknown.status]).toEqual(['ActionNotSupported', 400]);
    const version = await raw('GET', commonParams({ Action: 'ListFlows', Version: '2020-01-01' }));
    expect([version.body.Code, version.status]).toEqual(['APIVersionNotSupported', 400]);
  });

  it('MissingRequiredParams names the parameter; InvalidArgument names the bad value', async () => {
    const missing = await popError(ep.popClient().request('DescribeExecution', { FlowName: 'pass_flow' }));
    expect([missing.code, missing.status]).toEqual(['MissingRequiredParams', 400]);
    expect(missing.data.Message).toContain('ExecutionName');
    const unsigned = await raw('GET', { Action: 'ListFlows', Version: '2019-03-15' }, { unsigned: true });
    expect(unsigned.body.Code).toBe('MissingRequiredParams');
    const bad = await popError(ep.popClient().request('StartExecution', { FlowName: 'pass_flow', ExecutionName: '9lives' }));
    expect([bad.code, bad.status]).toEqual(['InvalidArgument', 400]);
    expect(bad.data.Message).toContain('ExecutionName');
    const limit = await popError(ep.popClient().request('ListFlows', { Limit: 5000 }));
    expect(limit.code).toBe('InvalidArgument');
  });

  it('EntityTooLarge (400) for a body over 1024 KiB, and the connection still answers', async () => {
    const params = commonParams({ Action: 'CreateFlow', Name: 'huge', Definition: 'x'.repeat(1024 * 1024) });
    const res = await raw('POST', params);
    expect([res.body.Code, res.status]).toEqual(['EntityTooLarge', 400]);
  });

  it('EntityTooLarge for an Input over 64 KiB; InvalidArgument for an Input that is not a JSON object', async () => {
    const client = ep.popClient();
    const big = await popError(client.request('StartExecution', { FlowName: 'pass_flow', Input: JSON.stringify({ a: 'x'.repeat(65 * 1024) }) }, { method: 'POST' }));
    expect(big.code).toBe('EntityTooLarge');
    for (const input of ['[1,2]', '"text"', '{"a":']) {
      const bad = await popError(client.request('StartExecution', { FlowName: 'pass_flow', Input: input }, { method: 'POST' }));
      expect(bad.code).toBe('InvalidArgument');
    }
  });

  it('EntityTooLarge for a GET whose query string is over 1024 KiB', async () => {
    const res = await fetch(`${ep.endpoint}/?Action=ListFlows&Pad=${'x'.repeat(1100 * 1024)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('date')).toBeTruthy();
    expect(((await res.json()) as { Code: string }).Code).toBe('EntityTooLarge');
  });

  it('answers what is not HTTP at all with the error shape and a Date header', async () => {
    const port = Number(new URL(ep.endpoint).port);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('NONSENSE\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toMatch(/\r\nDate: /);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ Code: 'InvalidArgument', HostId: expect.any(String) });
  });

  it('UnsupportedMediaType (415) for a JSON body', async () => {
    const res = await fetch(`${ep.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { Code: string }).Code).toBe('UnsupportedMediaType');
  });

  it('never echoes the secret or the signature in an error', async () => {
    const err = await popError(ep.popClient({ accessKeySecret: 'wrong-secret-value' }).request('ListFlows', {}));
    expect(JSON.stringify(err.data)).not.toContain('wrong-secret-value');
    expect(JSON.stringify(err.data)).not.toContain(ep.accessKeySecret);
  });
});
