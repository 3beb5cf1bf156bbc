// No secret reaches any output or file: every command and error path runs
// with known AccessKeySecret and SecurityToken values given by flags, by the
// environment and by a config file, through a proxy that records every
// Signature sent; then stdout, stderr and every file fnf may write under HOME
// (config, cache — completion cache included —, data) are searched for them.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, type CliResult } from '../helpers/cli.js';
import { TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { spawnCli, waitFor } from './spawn.js';

const TOKEN = { flag: 'STS.flagToken+/=QwErTy0123456789', env: 'STS.envToken+/=AsDfGh0123456789', file: 'STS.fileToken+/=ZxCvBn0123456789' };
const WRONG_SECRET = { flag: 'wrongFlagSecret+/=0123456789', env: 'wrongEnvSecret+/=0123456789', file: 'wrongFileSecret+/=0123456789' };
type Route = keyof typeof TOKEN;

const FLOWS = {
  'quick.yaml': 'Type: StateMachine\nSpecVersion: v1\nName: quick\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n',
  'slow.yaml': 'Type: StateMachine\nSpecVersion: v1\nName: slow\nStartAt: nap\nStates:\n  - Type: Wait\n    Name: nap\n    Seconds: 3600\n    End: true\n',
};

let ep: Endpoint;
/** One proxy per behaviour, so that runs can go at the same time. */
let proxies: Record<'pass' | 'html502' | 'reset' | 'mangled' | 'lostOnce', FaultProxy>;
let home: string;
const outputs: Array<{ what: string; res: CliResult }> = [];
/** The proxy in front of the second endpoint (generated keys), and those keys' secret. */
const extraProxies: FaultProxy[] = [];
const generatedSecrets: string[] = [];
let generatedKeyFile = '';
const allProxies = () => [...Object.values(proxies), ...extraProxies];
const configFile = () => join(home, '.config', 'fnf', 'config.yaml');

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir(FLOWS) });
  const seen = new Set<string>();
  const [pass, html502, reset, mangled, lostOnce] = await Promise.all([
    startFaultProxy({ target: ep.endpoint }),
    startFaultProxy({ target: ep.endpoint, decide: () => 'html502' }),
    startFaultProxy({ target: ep.endpoint, decide: () => 'reset' }),
    startFaultProxy({ target: ep.endpoint, decide: () => 'mangled' }),
    // The first StartExecution of each name is carried out and its answer lost.
    startFaultProxy({
      target: ep.endpoint,
      lostAfterMs: 300,
      decide: (req) => (req.action === 'StartExecution' && !seen.has(req.params.ExecutionName!) && seen.add(req.params.ExecutionName!) ? 'lost' : 'pass'),
    }),
  ]);
  proxies = { pass: pass!, html502: html502!, reset: reset!, mangled: mangled!, lostOnce: lostOnce! };
  home = mkdtempSync(join(tmpdir(), 'fnf-secrets-home-'));
  mkdirSync(join(home, '.config', 'fnf'), { recursive: true });
  const profile = (keyId: string, secret: string) =>
    `    region: cn-hangzhou\n    accessKeyId: ${keyId}\n    accessKeySecret: '${secret}'\n    securityToken: '${TOKEN.file}'\n`;
  writeFileSync(configFile(), `profiles:\n  sec:\n${profile(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET)}` +
    `  sec_wrong:\n${profile(TEST_ACCESS_KEY_ID, WRONG_SECRET.file)}  sec_wrongkey:\n${profile(WRONG_KEY_ID, TEST_ACCESS_KEY_SECRET)}`);
  chmodSync(configFile(), 0o600);
});
afterAll(async () => {
  await Promise.all(allProxies().map((p) => p.close()));
  await ep?.stop();
});

const WRONG_KEY_ID = 'LTAInotTheKey0000';
type Creds = 'right' | 'wrongSecret' | 'wrongKey';

/** The arguments and environment that hand fnf its credentials by `route`. */
function credentials(route: Route, creds: Creds): { args: string[]; env: Record<string, string> } {
  const keyId = creds === 'wrongKey' ? WRONG_KEY_ID : TEST_ACCESS_KEY_ID;
  const secret = creds === 'wrongSecret' ? WRONG_SECRET[route] : TEST_ACCESS_KEY_SECRET;
  switch (route) {
    case 'flag':
      return { args: ['--access-key-id', keyId, '--access-key-secret', secret, '--security-token', TOKEN.flag], env: {} };
    case 'env':
      return { args: [], env: { ALIBABA_CLOUD_ACCESS_KEY_ID: keyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN.env } };
    case 'file':
      return { args: ['--profile', { right: 'sec', wrongSecret: 'sec_wrong', wrongKey: 'sec_wrongkey' }[creds]], env: {} };
  }
}

interface RunOptions {
  creds?: Creds;
  via?: keyof typeof proxies;
  endpoint?: string;
}

async function fnf(route: Route, args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const { args: credArgs, env } = credentials(route, opts.creds ?? 'right');
  const endpoint = opts.endpoint ?? proxies[opts.via ?? 'pass'].endpoint;
  const res = await spawnCli([...credArgs, ...args], cliEnv({ ...env, FNF_ENDPOINT: endpoint, FNF_REGION: 'cn-hangzhou' }, home), 40_000).done;
  outputs.push({ what: `${route}: fnf ${args.join(' ')} (${opts.via ?? opts.endpoint ?? 'pass'}, ${opts.creds ?? 'right'})`, res });
  return res;
}

/** Every file under dir except the config file the test wrote and the key file of `fnf local serve`: they hold secrets on purpose. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (path !== configFile() && path !== generatedKeyFile) out.push(path);
  }
  return out;
}

/** The forms a secret may take in text: as is, percent-encoded (in a URL), and JSON-escaped. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

const exitOf = async (run: Promise<CliResult>) => (await run).code;

describe('secrets never reach output or files', () => {
  for (const route of ['env', 'flag', 'file'] as const) {
    it(`credentials by ${route}: success paths, --verbose, and every error path`, async () => {
      const name = `sec_${route}`;
      const successes = async () => {
        const codes = [
          await exitOf(fnf(route, ['-v', 'start', 'quick', '--name', name, '--wait', '-o', 'json'])),
          await exitOf(fnf(route, ['-v', 'describe', 'quick', name, '--history', '-o', 'json'])),
          await exitOf(fnf(route, ['profiles'])),
          // The answer of the first attempt is lost; the retry finds the execution and describes it.
          await exitOf(fnf(route, ['-v', 'start', 'quick', '--name', `${name}_lost`], { via: 'lostOnce' })),
        ];
        if (route === 'env') {
          codes.push(
            await exitOf(fnf(route, ['start', 'slow', '--name', `${name}_slow`])),
            await exitOf(fnf(route, ['-v', 'stop', 'slow', `${name}_slow`])),
            await exitOf(fnf(route, ['-v', 'wait', 'quick', name])),
            await exitOf(fnf(route, ['-v', 'list'])),
            await exitOf(fnf(route, ['flows'])),
          );
          // Tab completion fills the cache under XDG_CACHE_HOME.
          await fnf(route, ['__complete', 'wait', '']);
          await fnf(route, ['__complete', 'wait', 'quick', '']);
        }
        return codes;
      };
      const errors = async () => {
        const expected: Array<[number, Promise<number | null>]> = [
          [5, exitOf(fnf(route, ['-v', 'list', 'quick'], { creds: 'wrongSecret' }))],
          [5, exitOf(fnf(route, ['start', 'quick', '--wait'], { creds: 'wrongSecret' }))],
          [5, exitOf(fnf(route, ['-v', 'describe', 'quick', 'nobody'], { creds: 'wrongKey' }))],
          // A 200 answer without its fields (a broken gateway): retried, then a network error.
          [6, exitOf(fnf(route, ['-v', 'list', 'quick'], { via: 'mangled' }))],
        ];
        if (route !== 'file') expected.push([6, exitOf(fnf(route, ['-v', 'list', 'quick'], { endpoint: 'http://127.0.0.1:9' }))]);
        if (route === 'env') {
          expected.push(
            [5, exitOf(fnf(route, ['-v', 'describe', 'quick', 'nobody_here']))],
            [5, exitOf(fnf(route, ['-v', 'task', 'succeed', 'not-a-token', '--output', '{}']))],
            [6, exitOf(fnf(route, ['-v', 'list', 'quick'], { via: 'html502' }))],
            [6, exitOf(fnf(route, ['-v', 'describe', 'quick', name], { via: 'reset' }))],
          );
        }
        return Promise.all(expected.map(async ([want, got]) => expect(await got).toBe(want)));
      };
      const [codes] = await Promise.all([successes(), errors()]);
      expect(codes.every((c) => c === 0), JSON.stringify(codes)).toBe(true);
    }, 60_000);
  }

  it('profile local: the key pair `fnf local serve` generated stays in its 0600 file', async () => {
    const dataDir = join(home, '.local', 'share', 'fnf', 'local');
    const server = spawnCli(['local', 'serve', '--json', '--port', '0', '--flows', writeFlowsDir(FLOWS)], cliEnv({}, home), 60_000);
    try {
      await waitFor(() => server.stdout().includes('\n'), 'the ready line');
      generatedKeyFile = join(dataDir, 'credentials.json');
      generatedSecrets.push(JSON.parse(readFileSync(generatedKeyFile, 'utf8')).accessKeySecret as string);
      const proxy = await startFaultProxy({ target: JSON.parse(server.stdout().split('\n')[0]!).endpoint as string });
      extraProxies.push(proxy);
      const local = (args: string[]) => spawnCli(['--profile', 'local', '--endpoint', proxy.endpoint, ...args], cliEnv({}, home)).done;
      for (const args of [['-v', 'start', 'quick', '--name', 'loc_1', '--wait'], ['-v', 'describe', 'quick', 'loc_1', '--history'], ['-v', 'list'], ['profiles']]) {
        const res = await local(args);
        outputs.push({ what: `local: fnf ${args.join(' ')}`, res });
        expect(res.code, res.stderr).toBe(0);
      }
    } finally {
      server.child.kill('SIGTERM');
      outputs.push({ what: 'fnf local serve', res: await server.done });
    }
  });

  it('none of the outputs and none of the files under HOME hold a secret, a token or a Signature', () => {
    const signatures = allProxies().flatMap((p) => p.signatures());
    const secrets = [TEST_ACCESS_KEY_SECRET, ...Object.values(WRONG_SECRET), ...Object.values(TOKEN), ...generatedSecrets];
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
    const crashes = outputs.filter(({ res }) => /internal error/.test(res.stderr));
    for (const { what, res } of crashes) console.log(`crash report of ${what}: ${res.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    console.log(
      `secrets: ${outputs.length} runs, ${signatures.length} signatures captured, ${files.length} files under HOME scanned ` +
        `(${files.filter((f) => f.includes('.cache')).length} in the cache), ${crashes.length} internal-error reports, ${leaks.length} leaks`,
    );
    expect(signatures.length).toBeGreaterThan(50);
    expect(generatedSecrets).toHaveLength(1);
    // The tokens really went out (so a leak of them would have been caught).
    const tokensSent = new Set(allProxies().flatMap((p) => p.requests.map((r) => r.params.SecurityToken)));
    for (const token of Object.values(TOKEN)) expect(tokensSent).toContain(token);
    expect(files.some((f) => f.includes(join('.cache', 'fnf')))).toBe(true);
    expect(leaks).toEqual([]);
  });
});
