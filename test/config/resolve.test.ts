// Profile precedence, one fixture directory per case (np's test/config.js
// style): each fixture is a HOME with the files of that case, and the
// working directory is its `project` dir.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Env, GlobalOptions } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { resolveProfile, type ResolvedProfile } from '../../src/config/resolve.js';
import { redact } from '../../src/redact.js';
import { LOCAL_DEFAULT_ENDPOINT, localCredentialsFile, localDataDir } from '../../src/paths.js';
import { testCtx, type TestCtx } from '../helpers/ctx.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PATH = process.env.PATH ?? '/usr/bin:/bin';

function fixtureCtx(fixture: string, env: Env = {}, cwd = 'project'): TestCtx {
  const home = join(FIXTURES, fixture, 'home');
  return testCtx({ home, cwd: join(home, cwd), env: { PATH, ...env } });
}

async function resolveIn(fixture: string, globals: GlobalOptions = {}, env: Env = {}, cwd?: string): Promise<ResolvedProfile> {
  return resolveProfile(globals, fixtureCtx(fixture, env, cwd));
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const err = await promise.then(() => expect.unreachable('expected a UsageError'), (e: unknown) => e);
  expect(err).toBeInstanceOf(UsageError);
  return err as UsageError;
}

const ENV_KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIfromEnv000001', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-value' };

describe('flags and environment alone', () => {
  it('uses flags when nothing else is configured', async () => {
    const p = await resolveIn('empty', { endpoint: 'http://127.0.0.1:9/', accessKeyId: 'LTAIflag000000001', accessKeySecret: 'flag-secret' });
    expect(p).toMatchObject({ name: '(flags)', source: 'flags', endpoint: 'http://127.0.0.1:9', region: '', accessKeySecret: 'flag-secret' });
  });

  it('uses the environment, deriving the endpoint from the region', async () => {
    const p = await resolveIn('empty', {}, { ...ENV_KEYS, ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token', FNF_REGION: 'cn-shanghai' });
    expect(p).toMatchObject({
      name: '(environment)', region: 'cn-shanghai', endpoint: 'https://cn-shanghai.fnf.aliyuncs.com',
      accessKeyId: 'LTAIfromEnv000001', securityToken: 'env-token', credentialsFrom: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    });
  });

  it('takes the first variable set among ALIBABA_CLOUD_*, ALIBABACLOUD_*, ALICLOUD_*', async () => {
    const env = {
      ALIBABACLOUD_ACCESS_KEY_ID: 'LTAIsecondPrefix01', ALIBABACLOUD_ACCESS_KEY_SECRET: 's2',
      ALICLOUD_ACCESS_KEY_ID: 'LTAIthirdPrefix001', ALICLOUD_ACCESS_KEY_SECRET: 's3', ALICLOUD_REGION_ID: 'cn-qingdao',
    };
    expect(await resolveIn('empty', {}, env)).toMatchObject({ accessKeyId: 'LTAIsecondPrefix01', accessKeySecret: 's2', region: 'cn-qingdao' });
    expect(await resolveIn('empty', {}, { ...env, ...ENV_KEYS })).toMatchObject({ accessKeyId: 'LTAIfromEnv000001' });
  });

  it('flags beat the environment, field by field', async () => {
    const p = await resolveIn('empty', { region: 'cn-beijing', accessKeyId: 'LTAIflag000000001', accessKeySecret: 'flag-secret' },
      { ...ENV_KEYS, ALIBABA_CLOUD_REGION_ID: 'cn-shanghai', FNF_ENDPOINT: 'http://127.0.0.1:8999' });
    expect(p).toMatchObject({ region: 'cn-beijing', accessKeyId: 'LTAIflag000000001', endpoint: 'http://127.0.0.1:8999' });
  });

  it('rejects half a key pair, naming what is missing', async () => {
    const err = await usageError(resolveIn('empty', {}, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIonly', FNF_REGION: 'cn-hangzhou' }));
    expect(err.message).toBe('ALIBABA_CLOUD_ACCESS_KEY_ID is set without a secret');
    const flagErr = await usageError(resolveIn('empty', { accessKeySecret: 'x', region: 'cn-hangzhou' }));
    expect(flagErr.message).toBe('--access-key-secret is set without an AccessKey ID');
  });

  it('says how to configure credentials when there are none', async () => {
    const err = await usageError(resolveIn('empty', { region: 'cn-hangzhou' }));
    expect(err.message).toBe('no credentials found');
    expect(err.hint).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(err.hint).toContain('--profile local');
    expect(err.hint).toContain(join(FIXTURES, 'empty', 'home', '.config', 'fnf', 'config.yaml'));
  });

  it('asks for a region when neither region nor endpoint is known', async () => {
    const err = await usageError(resolveIn('empty', {}, ENV_KEYS));
    expect(err.message).toBe('no region set');
  });

  it('rejects a malformed region or endpoint', async () => {
    expect((await usageError(resolveIn('empty', { region: 'Hangzhou' }, ENV_KEYS))).message).toMatch(/region "Hangzhou" \(from --region\)/);
    expect((await usageError(resolveIn('empty', { endpoint: 'ftp://x' }, ENV_KEYS))).message).toMatch(/endpoint "ftp:\/\/x"/);
  });
});

describe('the aliyun CLI config', () => {
  it('uses its current profile, StsToken mode included', async () => {
    const p = await resolveIn('aliyun-only');
    expect(p).toMatchObject({
      name: 'prod', region: 'cn-shanghai', endpoint: 'https://cn-shanghai.fnf.aliyuncs.com',
      accessKeyId: 'STS.aliyunProd0001', accessKeySecret: 'aliyun-prod-secret', securityToken: 'aliyun-prod-token',
      source: join(FIXTURES, 'aliyun-only', 'home', '.aliyun', 'config.json'),
    });
    expect(p.reason).toMatch(/^current in .*config\.json$/);
  });

  it('answers to --profile and ALIBABA_CLOUD_PROFILE', async () => {
    expect(await resolveIn('aliyun-only', { profile: 'default' })).toMatchObject({ name: 'default', accessKeyId: 'LTAIaliyunDefault01', region: 'cn-beijing' });
    expect(await resolveIn('aliyun-only', {}, { ALIBABA_CLOUD_PROFILE: 'default' })).toMatchObject({ name: 'default', reason: 'ALIBABA_CLOUD_PROFILE' });
  });

  it('refuses modes it cannot sign with', async () => {
    const err = await usageError(resolveIn('aliyun-only', { profile: 'role' }));
    expect(err.message).toMatch(/profile "role" \(.*config\.json\) uses aliyun mode RamRoleArn, which fnf cannot sign with/);
  });

  it('environment credentials beat the profile, unless --profile was typed', async () => {
    expect(await resolveIn('aliyun-only', {}, ENV_KEYS)).toMatchObject({ name: 'prod', accessKeyId: 'LTAIfromEnv000001', region: 'cn-shanghai' });
    expect(await resolveIn('aliyun-only', { profile: 'prod' }, ENV_KEYS)).toMatchObject({ accessKeyId: 'STS.aliyunProd0001' });
  });

  it('names the profiles that exist, and where, for an unknown --profile', async () => {
    const err = await usageError(resolveIn('aliyun-only', { profile: 'nope' }));
    expect(err.message).toBe('profile "nope" (from --profile) does not exist');
    const file = join(FIXTURES, 'aliyun-only', 'home', '.aliyun', 'config.json');
    expect(err.hint).toBe(`profiles found: default (${file}), prod (${file}), role (${file}), local (built-in)`);
  });

  it('reports a malformed file with its line and column', async () => {
    const err = await usageError(resolveIn('bad-aliyun-json', {}, ENV_KEYS));
    expect(err.message).toMatch(new RegExp(`^${join(FIXTURES, 'bad-aliyun-json', 'home', '.aliyun', 'config.json')}:4:\\d+: invalid JSON`));
  });
});

describe('fnf config files', () => {
  const userFile = join(FIXTURES, 'project-rc', 'home', '.config', 'fnf', 'config.yaml');
  const projectFile = join(FIXTURES, 'project-rc', 'home', 'project', '.fnfrc.yaml');

  it('merges the project file over the user file over the aliyun config, field by field', async () => {
    const p = await resolveIn('project-rc', {}, { FNF_DEV_SECRET: 'dev-secret-from-env' });
    expect(p).toMatchObject({
      name: 'dev', source: projectFile, reason: `defaultProfile in ${projectFile}`,
      region: 'cn-shanghai', // project
      output: 'json', // project
      timeout: '10m', // user
      accessKeyId: 'LTAIuserDev000001', accessKeySecret: 'dev-secret-from-env', credentialsFrom: userFile, // user, not aliyun
    });
  });

  it('is found from a subdirectory of the project', async () => {
    expect(await resolveIn('project-rc', {}, { FNF_DEV_SECRET: 's' }, 'project/sub')).toMatchObject({ name: 'dev', region: 'cn-shanghai' });
  });

  it('falls back to the user file when the working directory has no project file', async () => {
    const p = await resolveIn('project-rc', {}, {}, '.');
    expect(p).toMatchObject({ name: 'ops', endpoint: 'https://ops-proxy.example.com', region: 'cn-beijing', accessKeySecret: 'user-ops-secret-value' });
  });

  it('FNF_PROFILE beats defaultProfile; --region beats FNF_REGION beats the profile', async () => {
    expect(await resolveIn('project-rc', {}, { FNF_PROFILE: 'ops' })).toMatchObject({ name: 'ops', reason: 'FNF_PROFILE' });
    const env = { FNF_PROFILE: 'ops', FNF_REGION: 'cn-qingdao' };
    expect(await resolveIn('project-rc', {}, env)).toMatchObject({ region: 'cn-qingdao', endpoint: 'https://ops-proxy.example.com' });
    expect(await resolveIn('project-rc', { region: 'cn-shenzhen' }, env)).toMatchObject({ region: 'cn-shenzhen' });
  });

  it('says which variable is missing for accessKeySecretEnv', async () => {
    const err = await usageError(resolveIn('project-rc'));
    expect(err.message).toBe(`profile "dev" (${userFile}) reads its secret from $FNF_DEV_SECRET, which is not set`);
  });

  it('runs a credential process and uses the key pair it prints', async () => {
    const p = await resolveIn('project-rc', { profile: 'proc' });
    expect(p).toMatchObject({ accessKeyId: 'LTAIfromProcess01', accessKeySecret: 'process-secret-value', securityToken: 'process-token-value' });
    expect(redact('leaked process-secret-value and process-token-value')).toBe('leaked *** and ***');
  });

  it('reports a failing credential process with its last stderr line', async () => {
    const err = await usageError(resolveIn('project-rc', { profile: 'broken-proc' }));
    expect(err.message).toBe(`credentialProcess of profile "broken-proc" (${userFile}) failed (exit 3): vault is sealed`);
  });

  it('reads the "fnf" key of package.json', async () => {
    const p = await resolveIn('package-json', {}, { APP_FNF_SECRET: 'pkg-secret' });
    expect(p).toMatchObject({ name: 'default', region: 'us-west-1', accessKeyId: 'LTAIpackageJson01', accessKeySecret: 'pkg-secret' });
  });

  it('loads fnf.config.mjs', async () => {
    const p = await resolveIn('js-config', {}, { STAGING_SECRET: 'js-secret' });
    expect(p).toMatchObject({ name: 'staging', region: 'cn-shenzhen', accessKeySecret: 'js-secret' });
  });

  it('reports malformed YAML with the file and line', async () => {
    const err = await usageError(resolveIn('bad-yaml', {}, ENV_KEYS));
    expect(err.message).toMatch(new RegExp(`^${join(FIXTURES, 'bad-yaml', 'home', 'project', '.fnfrc.yml')}:4:\\d+: invalid YAML: `));
  });

  it('rejects unknown keys, naming the profile and key', async () => {
    const err = await usageError(resolveIn('unknown-key', {}, ENV_KEYS));
    expect(err.message).toMatch(/\.fnfrc\.json: profiles\.dev: unknown key "accesKeyId"/);
  });
});

describe('the credentials file of the Alibaba Cloud SDKs', () => {
  const env = (extra: Env = {}) => ({ ALIBABA_CLOUD_CREDENTIALS_FILE: join(FIXTURES, 'credentials-ini', 'home', 'project', 'credentials'), ...extra });

  it('reads [default] from the file ALIBABA_CLOUD_CREDENTIALS_FILE names', async () => {
    expect(await resolveIn('credentials-ini', { region: 'cn-hangzhou' }, env())).toMatchObject({ name: 'default', accessKeyId: 'LTAIiniDefault001' });
  });

  it('reads an sts section with its token and region', async () => {
    expect(await resolveIn('credentials-ini', {}, env({ ALIBABA_CLOUD_PROFILE: 'temp' })))
      .toMatchObject({ securityToken: 'ini-temp-token', region: 'cn-shenzhen' });
  });

  it('refuses types it cannot sign with', async () => {
    expect((await usageError(resolveIn('credentials-ini', { profile: 'ecs' }, env()))).message).toMatch(/credentials type ecs_ram_role/);
  });
});

describe('the built-in local profile', () => {
  function tempHome(): string {
    return mkdtempSync(join(tmpdir(), 'fnf-local-home-'));
  }

  it('asks to run `fnf local serve` first when its key pair is missing', async () => {
    const home = tempHome();
    const err = await usageError(resolveProfile({ profile: 'local' }, testCtx({ home, cwd: home })));
    expect(err.message).toBe('the local endpoint has no key pair yet: run `fnf local serve` first');
  });

  it('reads the key pair `fnf local serve` wrote; FNF_ENDPOINT moves it', async () => {
    const home = tempHome();
    const file = localCredentialsFile(localDataDir({}, home));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify({ accessKeyId: 'LTAIlocal0123abcd', accessKeySecret: 'local-secret-xyz' }), { mode: 0o600 });
    const ctx = testCtx({ home, cwd: home });
    expect(await resolveProfile({ profile: 'local' }, ctx)).toMatchObject({
      name: 'local', source: 'built-in', region: 'cn-hangzhou', endpoint: LOCAL_DEFAULT_ENDPOINT, accessKeyId: 'LTAIlocal0123abcd',
    });
    const moved = testCtx({ home, cwd: home, env: { FNF_ENDPOINT: 'http://127.0.0.1:9999' } });
    expect(await resolveProfile({ profile: 'local' }, moved)).toMatchObject({ endpoint: 'http://127.0.0.1:9999' });
    expect(redact('x local-secret-xyz')).toBe('x ***');
  });
});

describe('file permissions', () => {
  it('warns once about a config file with secrets that others can read', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fnf-perm-home-'));
    const file = join(home, '.config', 'fnf', 'config.yaml');
    mkdirSync(join(home, '.config', 'fnf'), { recursive: true });
    writeFileSync(file, 'profiles:\n  default:\n    region: cn-hangzhou\n    accessKeyId: LTAIperm00000001\n    accessKeySecret: perm-secret\n');
    chmodSync(file, 0o644);
    const ctx = testCtx({ home, cwd: home });
    await resolveProfile({}, ctx);
    await resolveProfile({}, ctx);
    expect(ctx.stderr.text).toBe(`fnf: warning: ${file} holds secrets and other users can read it; run: chmod 600 ${file}\n`);
  });

  it('says nothing about a private file, or one without secrets', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fnf-perm-home-'));
    mkdirSync(join(home, '.config', 'fnf'), { recursive: true });
    const file = join(home, '.config', 'fnf', 'config.yaml');
    writeFileSync(file, 'profiles:\n  default:\n    region: cn-hangzhou\n    accessKeyId: LTAIperm00000001\n    accessKeySecret: perm-secret\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    const ctx = testCtx({ home, cwd: home });
    await resolveProfile({}, ctx);
    const project = join(home, 'p');
    mkdirSync(project);
    writeFileSync(join(project, '.fnfrc.yaml'), 'profiles:\n  default:\n    accessKeyId: LTAIproj00000001\n    accessKeySecretEnv: S\n', { mode: 0o644 });
    const projectCtx = testCtx({ home, cwd: project, env: { S: 'x1234' } });
    expect(await resolveProfile({}, projectCtx)).toMatchObject({ accessKeyId: 'LTAIproj00000001', region: 'cn-hangzhou' });
    expect(ctx.stderr.text + projectCtx.stderr.text).toBe('');
  });
});
