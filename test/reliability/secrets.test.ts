// No secret reaches any output or file: every command and error path runs
// with known AccessKeySecret and SecurityToken values given by flags, by the
// environment and by a config file, through a proxy that records every
// Signature sent; then stdout, stderr and every file fnf may write under HOME
// (config, cache — completion cache included —, data) are searched for them.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/cli.js';
import { TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { startFaultProxy, type Decision, type FaultProxy } from '../helpers/fault-proxy.js';
import { cliEnv, spawnCli } from './spawn.js';

const TOKEN = { flag: 'STS.flagToken+/=QwErTy0123456789', env: 'STS.envToken+/=AsDfGh0123456789', file: 'STS.fileToken+/=ZxCvBn0123456789' };
const WRONG_SECRET = { flag: 'wrongFlagSecret+/=0123456789', env: 'wrongEnvSecret+/=0123456789', file: 'wrongFileSecret+/=0123456789' };
type Route = keyof typeof TOKEN;

const FLOWS = {
  'quick.yaml': 'Type: StateMachine\nSpecVersion: v1\nName: quick\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n',
  'slow.yaml': 'Type: StateMachine\nSpecVersion: v1\nName: slow\nStartAt: nap\nStates:\n  - Type: Wait\n    Name: nap\n    Seconds: 3600\n    End: true\n',
};

let ep: Endpoint;
let proxy: FaultProxy;
let home: string;
/** What the proxy does to the requests of the current run (runs go one at a time); `once` only to its first. */
let mode: { decision: Decision; once: boolean; from: number } = { decision: 'pass', once: false, from: 0 };
const outputs: Array<{ what: string; res: CliResult }> = [];
const configFile = () => join(home, '.config', 'fnf', 'config.yaml');

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir(FLOWS) });
  proxy = await startFaultProxy({
    target: ep.endpoint,
    lostAfterMs: 300,
    decide: (req) => (!mode.once || req.index === mode.from ? mode.decision : 'pass'),
  });
  home = mkdtempSync(join(tmpdir(), 'fnf-secrets-home-'));
  writeConfig(TEST_ACCESS_KEY_SECRET);
});
afterAll(async () => {
  await proxy?.close();
  await ep?.stop();
});

function writeConfig(secret: string): void {
  mkdirSync(join(home, '.config', 'fnf'), { recursive: true });
  writeFileSync(configFile(),
    `profiles:\n  sec:\n    region: cn-hangzhou\n    endpoint: ${proxy.endpoint}\n    accessKeyId: ${TEST_ACCESS_KEY_ID}\n` +
    `    accessKeySecret: '${secret}'\n    securityToken: '${TOKEN.file}'\n`);
  chmodSync(configFile(), 0o600);
}

/** The arguments and environment that hand fnf its credentials by `route`. */
function credentials(route: Route, secret: string, keyId = TEST_ACCESS_KEY_ID): { args: string[]; env: Record<string, string> } {
  const base = { FNF_ENDPOINT: proxy.endpoint, FNF_REGION: 'cn-hangzhou' };
  switch (route) {
    case 'flag':
      return { args: ['--access-key-id', keyId, '--access-key-secret', secret, '--security-token', TOKEN.flag], env: base };
    case 'env':
      return { args: [], env: { ...base, ALIBABA_CLOUD_ACCESS_KEY_ID: keyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN.env } };
    case 'file':
      writeConfig(secret);
      return { args: ['--profile', 'sec'], env: { FNF_REGION: 'cn-hangzhou' } };
  }
}

async function fnf(what: string, route: Route, args: string[], opts: { secret?: string; keyId?: string; decision?: Decision; once?: boolean; env?: Record<string, string> } = {}): Promise<CliResult> {
  const creds = credentials(route, opts.secret ?? TEST_ACCESS_KEY_SECRET, opts.keyId);
  mode = { decision: opts.decision ?? 'pass', once: Boolean(opts.once), from: proxy.requests.length };
  const res = await spawnCli([...creds.args, ...args], cliEnv({ ...creds.env, ...opts.env }, home), 40_000).done;
  mode = { decision: 'pass', once: false, from: 0 };
  outputs.push({ what: `${route}: fnf ${args.join(' ')} (${opts.decision ?? 'pass'})`, res });
  return res;
}

/** Every file under dir except the config files the test wrote on purpose. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (path !== configFile()) out.push(path);
  }
  return out;
}

/** The forms a secret may take in text: as is, percent-encoded (in a URL), and JSON-escaped. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

describe('secrets never reach output or files', () => {
  for (const route of ['env', 'flag', 'file'] as const) {
    it(`credentials by ${route}: success paths, --verbose, and every error path`, async () => {
      const name = `sec_${route}`;
      const ok = (res: CliResult) => expect(res.code, res.stderr).toBe(0);
      ok(await fnf('start', route, ['-v', 'start', 'quick', '--name', name, '--wait', '-o', 'json']));
      ok(await fnf('start', route, ['start', 'slow', '--name', `${name}_slow`]));
      ok(await fnf('wait', route, ['-v', 'wait', 'quick', name]));
      ok(await fnf('describe', route, ['-v', 'describe', 'quick', name, '--history', '-o', 'json']));
      ok(await fnf('list', route, ['-v', 'list']));
      ok(await fnf('flows', route, ['flows']));
      ok(await fnf('stop', route, ['-v', 'stop', 'slow', `${name}_slow`]));
      ok(await fnf('profiles', route, ['profiles']));
      await fnf('complete flows', route, ['__complete', 'wait', '']);
      await fnf('complete executions', route, ['__complete', 'wait', 'quick', '']);
      // A lost answer: the retry finds the execution and describes it.
      ok(await fnf('lost', route, ['-v', 'start', 'quick', '--name', `${name}_lost`], { decision: 'lost', once: true }));

      // Error paths, each with --verbose.
      expect((await fnf('wrong secret', route, ['-v', 'list', 'quick'], { secret: WRONG_SECRET[route] })).code).toBe(5);
      expect((await fnf('wrong secret', route, ['start', 'quick', '--wait'], { secret: WRONG_SECRET[route] })).code).toBe(5);
      expect((await fnf('wrong key', route, ['-v', 'describe', 'quick', name], { keyId: 'LTAInotTheKey0000' })).code).toBe(5);
      expect((await fnf('not found', route, ['-v', 'describe', 'quick', 'nobody_here'])).code).toBe(5);
      expect((await fnf('bad task token', route, ['-v', 'task', 'succeed', 'not-a-token', '--output', '{}'])).code).toBe(5);
      expect((await fnf('html 502', route, ['-v', 'list', 'quick'], { decision: 'html502' })).code).toBe(6);
      expect((await fnf('reset', route, ['-v', 'describe', 'quick', name], { decision: 'reset' })).code).toBe(6);
      // A malformed answer: an internal error, reported as such (the crash-report path).
      const mangled = await fnf('mangled', route, ['-v', 'list', 'quick'], { decision: 'mangled' });
      expect(mangled.code).not.toBe(0);
      const down = route === 'file' ? undefined : await fnf('endpoint down', route, ['-v', 'list', 'quick'], { env: { FNF_ENDPOINT: 'http://127.0.0.1:9' } });
      if (down) expect(down.code).toBe(6);
    }, 60_000);
  }

  it('none of the outputs and none of the files under HOME hold a secret, a token or a Signature', () => {
    const signatures = proxy.signatures();
    const secrets = [TEST_ACCESS_KEY_SECRET, ...Object.values(WRONG_SECRET), ...Object.values(TOKEN)];
    const needles = [...secrets, ...signatures].flatMap(formsOf);
    const leaks: string[] = [];
    for (const { what, res } of outputs) {
      for (const needle of needles) {
        if (res.stdout.includes(needle)) leaks.push(`${what}: stdout holds ${needle}`);
        if (res.stderr.includes(needle)) leaks.push(`${what}: stderr holds ${needle}`);
      }
    }
    const files = filesUnder(home);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const needle of needles) if (text.includes(needle)) leaks.push(`${file} holds ${needle}`);
    }
    const crashes = outputs.filter(({ res }) => /internal error/.test(res.stderr)).length;
    console.log(
      `secrets: ${outputs.length} runs, ${signatures.length} signatures captured, ${files.length} files under HOME scanned ` +
        `(${files.filter((f) => f.includes('.cache')).length} in the cache), ${crashes} internal-error reports, ${leaks.length} leaks`,
    );
    expect(signatures.length).toBeGreaterThan(50);
    expect(files.some((f) => f.includes(join('.cache', 'fnf')))).toBe(true);
    expect(leaks).toEqual([]);
  });
});
