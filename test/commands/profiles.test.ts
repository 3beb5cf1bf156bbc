// `fnf profiles` through the real command tree: what it lists, what it marks
// active and why, and that no secret reaches stdout or stderr.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { testCtx } from '../helpers/ctx.js';

const HOME = fileURLToPath(new URL('../config/fixtures/project-rc/home/', import.meta.url));
const SECRETS = ['user-ops-secret-value', 'aliyun-dev-secret', 'dev-secret-from-env', 'env-secret-value', 'process-secret-value'];

async function profiles(args: string[], env: Record<string, string> = {}) {
  const ctx = testCtx({ home: HOME, cwd: join(HOME, 'project'), env: { PATH: process.env.PATH ?? '', ...env } });
  const code = await main(['profiles', ...args], ctx);
  for (const secret of SECRETS) expect(ctx.stdout.text + ctx.stderr.text).not.toContain(secret);
  return { code, stdout: ctx.stdout.text, stderr: ctx.stderr.text };
}

describe('fnf profiles', () => {
  it('lists every profile with its source and marks the active one with the reason', async () => {
    const { code, stdout } = await profiles([], { FNF_DEV_SECRET: 'dev-secret-from-env' });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^\s+PROFILE\s+REGION\s+ENDPOINT\s+KEY ID\s+CREDENTIALS\s+SOURCE$/);
    expect(lines[1]).toMatch(/^\*\s+dev\s+cn-shanghai\s+https:\/\/cn-shanghai\.fnf\.aliyuncs\.com\s+-\s+none\s+.*project\/\.fnfrc\.yaml$/);
    expect(stdout).toMatch(/^\s+ops\s+cn-beijing\s+https:\/\/ops-proxy\.example\.com\s+LTAI\*\*\*\*0001\s+AccessKey\s+.*config\.yaml$/m);
    expect(stdout).toMatch(/^\s+local\s+cn-hangzhou\s+http:\/\/127\.0\.0\.1:8787\s+-\s+key file of `fnf local serve`\s+built-in$/m);
    expect(stdout).toContain(`active: dev (defaultProfile in ${join(HOME, 'project', '.fnfrc.yaml')})`);
    expect(stdout).toContain(`  credentials: LTAI****0001 (from ${join(HOME, '.config', 'fnf', 'config.yaml')})`);
  });

  it('shows credentials from the environment as their own row, masked', async () => {
    const { stdout } = await profiles(['--output', 'json'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenvironment99', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-value', FNF_PROFILE: 'ops',
    });
    const report = JSON.parse(stdout);
    expect(report.active).toMatchObject({ name: 'ops', reason: 'FNF_PROFILE', credentialsFrom: 'ALIBABA_CLOUD_ACCESS_KEY_ID', accessKeyId: 'LTAI****nt99' });
    expect(report.profiles[0]).toMatchObject({ name: '(environment)', accessKeyId: 'LTAI****nt99', active: false });
    expect(report.profiles.find((p: { name: string }) => p.name === 'ops').active).toBe(true);
  });

  it('follows --profile, and never runs a credential process to list it', async () => {
    const { code, stdout } = await profiles(['--profile', 'proc', '--output', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).active).toMatchObject({ name: 'proc', reason: '--profile', accessKeyId: null });
  });

  it('still lists the profiles when the selected one does not exist, then fails with exit 2', async () => {
    const { code, stdout, stderr } = await profiles(['--profile', 'nope']);
    expect(code).toBe(2);
    expect(stdout).toContain('active: none');
    expect(stderr).toMatch(/^fnf: profile "nope" \(from --profile\) does not exist\nprofiles found: dev \(.*\), dev \(.*\), ops/);
  });
});
