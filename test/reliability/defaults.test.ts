// Security defaults: the local endpoint listens on 127.0.0.1 unless told
// otherwise (and warns when exposed with a generated key pair), keeps its key
// file 0600 and its data dir 0700; fnf warns about config files holding
// secrets that others can read. And hostile requests to a live endpoint get
// clean error answers without taking it down.
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';
import { spawnCli, waitFor, type RunningCli } from './spawn.js';
import { cliEnv } from '../helpers/cli.js';

const servers: RunningCli[] = [];
afterAll(async () => {
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.done));
});

async function serve(args: string[]): Promise<{ cli: RunningCli; endpoint: string; dataDir: string }> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'fnf-defaults-')), 'data');
  const cli = spawnCli(['local', 'serve', '--json', '--port', '0', '--data', dataDir, ...args], cliEnv(), 60_000);
  servers.push(cli);
  await waitFor(() => cli.stdout().includes('\n'), 'the ready line');
  return { cli, endpoint: JSON.parse(cli.stdout().split('\n')[0]!).endpoint as string, dataDir };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('fnf local serve defaults', () => {
  it('listens on 127.0.0.1, with a generated key file 0600 in a data dir 0700', async () => {
    const { endpoint, dataDir, cli } = await serve([]);
    expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'credentials.json'))).toBe(0o600);
    expect(cli.stderr()).not.toMatch(/warning/);
  });

  it('--host 0.0.0.0 with the generated key pair warns', async () => {
    const { endpoint, cli } = await serve(['--host', '0.0.0.0']);
    expect(new URL(endpoint).hostname).toBe('0.0.0.0');
    await waitFor(() => cli.stderr().includes('warning'), 'the warning');
    expect(cli.stderr()).toMatch(/fnf local: warning: listening on 0\.0\.0\.0/);
  });

  it('--host 0.0.0.0 with a key pair given does not warn', async () => {
    const { cli } = await serve(['--host', '0.0.0.0', '--access-key-id', 'LTAIchosenKey01', '--access-key-secret', 'chosen-secret-0123456789']);
    await new Promise((r) => setTimeout(r, 300));
    expect(cli.stderr()).not.toMatch(/warning/);
  });
});

describe('config files holding secrets that others can read', () => {
  function homeWith(files: Record<string, { text: string; mode: number }>): string {
    const home = mkdtempSync(join(tmpdir(), 'fnf-perm-home-'));
    for (const [rel, { text, mode: m }] of Object.entries(files)) {
      const path = join(home, rel);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
      chmodSync(path, m);
    }
    return home;
  }
  const fnfConfig = 'defaultProfile: dev\nprofiles:\n  dev:\n    region: cn-hangzhou\n    accessKeyId: LTAIpermTest0001\n    accessKeySecret: perm-secret-0123456789\n';
  const aliyunConfig = JSON.stringify({ current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_id: 'LTAIpermTest0002', access_key_secret: 'perm-secret-abcdef', region_id: 'cn-hangzhou' }] });

  for (const [rel, text] of [['.config/fnf/config.yaml', fnfConfig], ['.aliyun/config.json', aliyunConfig]] as const) {
    it(`${rel}: warned about at 0644, not at 0600; the secret itself never printed`, async () => {
      for (const m of [0o644, 0o600]) {
        const home = homeWith({ [rel]: { text, mode: m } });
        const res = await spawnCli(['profiles'], cliEnv({}, home)).done;
        expect(res.code, res.stderr).toBe(0);
        if (m === 0o644) expect(res.stderr).toMatch(new RegExp(`fnf: warning: .*${rel.replace(/\./g, '\\.')} holds secrets and other users can read it; run: chmod 600`));
        else expect(res.stderr).not.toMatch(/warning/);
        expect(res.stdout + res.stderr).not.toMatch(/perm-secret/);
      }
    });
  }
});

describe('hostile requests to a live endpoint', () => {
  let ep: Endpoint | undefined;
  afterAll(async () => {
    await ep?.kill9();
  });

  it('prototype names as Action, and malformed encodings, get 400 answers', async () => {
    ep = await startEndpoint();
    const pop = ep.popClient();
    for (const action of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await expect(pop.request(action, {})).rejects.toMatchObject({ code: 'ActionNotSupported' });
    }
    for (const body of ['Action=%ZZ', 'a=%E0%A4%A', '%=%']) {
      const res = await fetch(ep.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ Code: 'InvalidArgument' });
    }
    expect((await pop.request('ListFlows', {})).Flows).toEqual([]);
  });

  // ~30,000 levels overflow the stack inside yaml, and V8 can then abort the whole process: refused before parsing.
  it('a deeply nested flow definition is refused with InvalidArgument, and the endpoint stays up', async () => {
    ep ??= await startEndpoint();
    const pop = ep.popClient();
    const definitions = ['['.repeat(60_000), `${'['.repeat(30_000)}1${']'.repeat(30_000)}`, `${'{"a":'.repeat(12_000)}1${'}'.repeat(12_000)}`];
    for (const [i, Definition] of definitions.entries()) {
      await expect(pop.request('CreateFlow', { Name: `deep_${i}`, Definition, Type: 'FDL' }, { method: 'POST' }))
        .rejects.toMatchObject({ code: 'InvalidArgument' });
    }
    expect((await pop.request('ListFlows', {})).Flows).toEqual([]);
  });
});
