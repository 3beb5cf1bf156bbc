// Each place a profile can come from, through the built CLI against a local
// endpoint: the environment alone, the aliyun CLI's config.json, a project's
// .fnfrc.yaml (with the secret in the environment), and the built-in `local`
// profile with the key file `fnf local serve` writes.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, type Endpoint } from '../helpers/endpoint.js';
import { writeFlowsDir } from './flows.js';

let ep: Endpoint;
beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir() });
});
afterAll(async () => {
  await ep?.stop();
});

/** A HOME of its own, with the files given (path → content), and the XDG dirs inside it. */
function home(files: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-profile-home-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content, { mode: 0o600 });
  }
  return { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), XDG_CACHE_HOME: join(dir, '.cache'), XDG_DATA_HOME: join(dir, '.local', 'share') };
}

/** `fnf flows` signs a request: it succeeds only when the credentials really reach the endpoint. */
const flows = (env: Record<string, string | undefined>, args: string[] = [], cwd?: string) =>
  runCli([...args, 'flows', '--output', 'json'], { env, cwd });

const aliyunConfig = (secret: string) => JSON.stringify({
  current: 'work',
  profiles: [{ name: 'work', mode: 'AK', access_key_id: TEST_ACCESS_KEY_ID, access_key_secret: secret, region_id: 'cn-hangzhou' }],
});

describe('profile sources', () => {
  it('the environment alone', async () => {
    const res = await flows({ ...home(), ...ep.cliEnv });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).Flows.length).toBeGreaterThan(0);
  });

  it("the aliyun CLI's current profile, with the endpoint from FNF_ENDPOINT", async () => {
    const env = { ...home({ '.aliyun/config.json': aliyunConfig(TEST_ACCESS_KEY_SECRET) }), FNF_ENDPOINT: ep.endpoint };
    expect((await flows(env)).code).toBe(0);
    const profiles = await runCli(['profiles', '--output', 'json'], { env });
    expect(profiles.stdout).toContain('work');
    expect(profiles.stdout).not.toContain(TEST_ACCESS_KEY_SECRET);
  });

  it('a wrong secret is an API error with a hint, and never shows the secret', async () => {
    const env = { ...home({ '.aliyun/config.json': aliyunConfig('not-the-right-secret-42') }), FNF_ENDPOINT: ep.endpoint };
    const res = await flows(env);
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/^fnf: SignatureNotMatch/m);
    expect(res.stderr).toContain('fnf profiles');
    expect(res.stdout + res.stderr).not.toContain('not-the-right-secret-42');
  });

  it("a project's .fnfrc.yaml, found from a subdirectory, with the secret named by accessKeySecretEnv", async () => {
    const project = mkdtempSync(join(tmpdir(), 'fnf-project-'));
    writeFileSync(join(project, '.fnfrc.yaml'), [
      'defaultProfile: dev',
      'profiles:',
      '  dev:',
      `    endpoint: ${ep.endpoint}`,
      `    accessKeyId: ${TEST_ACCESS_KEY_ID}`,
      '    accessKeySecretEnv: DEV_SECRET',
      '',
    ].join('\n'));
    mkdirSync(join(project, 'sub'));
    const res = await flows({ ...home(), DEV_SECRET: TEST_ACCESS_KEY_SECRET }, [], join(project, 'sub'));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  });

  it('a config file holding a secret that others can read gets a warning', async () => {
    const env = home();
    const file = join(env.HOME!, '.config', 'fnf', 'config.yaml');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `profiles:\n  default:\n    endpoint: ${ep.endpoint}\n    accessKeyId: ${TEST_ACCESS_KEY_ID}\n    accessKeySecret: ${TEST_ACCESS_KEY_SECRET}\n`);
    chmodSync(file, 0o644);
    const res = await flows(env);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(file);
    expect(res.stderr).not.toContain(TEST_ACCESS_KEY_SECRET);
  });

  it("the built-in local profile, with the key file of `fnf local serve`", async () => {
    const env = home({ '.local/share/fnf/local/credentials.json': JSON.stringify({ accessKeyId: TEST_ACCESS_KEY_ID, accessKeySecret: TEST_ACCESS_KEY_SECRET }) });
    expect((await flows({ ...env, FNF_ENDPOINT: ep.endpoint }, ['--profile', 'local'])).code).toBe(0);
  });

  it('--profile names a profile that does not exist: exit 2, naming the ones that do', async () => {
    const env = { ...home({ '.aliyun/config.json': aliyunConfig(TEST_ACCESS_KEY_SECRET) }), FNF_ENDPOINT: ep.endpoint };
    const res = await flows(env, ['--profile', 'nope']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('profile "nope"');
    expect(res.stderr).toContain('work');
  });
});
