// The checked-in completion scripts, driven through each shell's own
// completion machinery against the built CLI and a spawned local endpoint:
// bash with bash-completion (COMP_WORDS/COMP_CWORD, then COMPREPLY), fish
// (`complete -C`), zsh (a pty running compinit; see zsh-capture.zsh).
// Needs the build (`npm run build`) and bash-completion, zsh and fish. The
// shells run side by side (each Tab is a process, and most of a test's time is
// spent waiting for them); the deadline tests, which time a process, alone.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNF_BIN, ROOT, fnfOnPath } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';

const run = promisify(execFile);
const COMPLETIONS = join(ROOT, 'completions');
const HERE = join(ROOT, 'test', 'completion');

const flow = (name: string) => `Type: StateMachine
SpecVersion: v1
Name: ${name}
StartAt: only
States:
  - Type: Pass
    Name: only
    End: true
`;

let ep: Endpoint;
let env: Record<string, string>;
let files: string;
/** Where the shells run. */
let cwd: string;

/** An environment like a user's: `fnf` on PATH, a config file with two profiles, a private cache. */
function userEnv(endpointEnv: Record<string, string>): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'fnf-comp-home-'));
  const bin = fnfOnPath(join(home, 'bin'));
  mkdirSync(join(home, '.config', 'fnf'), { recursive: true });
  // dev reaches the endpoint under test; prod points at a closed port, so names must come from the profile on the line.
  writeFileSync(join(home, '.config', 'fnf', 'config.yaml'), [
    'profiles:',
    '  dev:',
    `    endpoint: ${endpointEnv.FNF_ENDPOINT}`,
    '    region: cn-hangzhou',
    `    accessKeyId: ${endpointEnv.ALIBABA_CLOUD_ACCESS_KEY_ID}`,
    '    accessKeySecretEnv: ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    '  prod:',
    '    endpoint: http://127.0.0.1:9',
    '    region: cn-shanghai',
    '    accessKeyId: LTAIprodprodprod',
    '    accessKeySecretEnv: ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    '',
  ].join('\n'));
  return {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    NO_COLOR: '1',
    TERM: 'xterm',
    // The machine running the tests may be busy: give names time (the default 800 ms is tested below).
    FNF_COMPLETION_TIMEOUT_MS: '8000',
    ...endpointEnv,
  };
}

/** Splits the line as readline does for COMP_WORDS ("=" is a word of its own), then prints COMPREPLY per line. */
const BASH_DRIVER = `
source /usr/share/bash-completion/bash_completion
source "$1"; shift
for line in "$@"; do
    COMP_LINE=$line COMP_POINT=\${#line}
    read -ra COMP_WORDS <<<"\${line//=/ = }"
    [[ $line == *' ' ]] && COMP_WORDS+=('')
    COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _fnf_completion fnf "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\\n' "@@ $line" "\${COMPREPLY[@]}"
done
`;

/** Candidates per line from "@@ line" headers followed by one candidate per line (fish: value<TAB>description). */
function byLine(output: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  let current: string[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('@@ ')) result[line.slice(3)] = current = [];
    else if (line) current.push(line.split('\t')[0]!);
  }
  return result;
}

async function bash(lines: string[], e = env) {
  const { stdout, stderr } = await run('bash', ['--norc', '--noprofile', '-c', BASH_DRIVER, 'bash', join(COMPLETIONS, 'fnf.bash'), ...lines], { env: e, cwd });
  return { results: byLine(stdout), stderr };
}

async function fish(lines: string[], e = env) {
  // Installed where fish autoloads it from: ~/.config/fish/completions/fnf.fish.
  const dir = join(e.XDG_CONFIG_HOME!, 'fish', 'completions');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fnf.fish'), await import('node:fs').then((fs) => fs.readFileSync(join(COMPLETIONS, 'fnf.fish'))));
  const script = 'for l in $argv; echo "@@ $l"; complete -C "$l"; end';
  const { stdout, stderr } = await run('fish', ['-c', script, ...lines], { env: e, cwd });
  return { results: byLine(stdout), stderr };
}

async function zsh(line: string, e = env): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'fnf-zsh-')), 'matches');
  await run('zsh', ['-f', join(HERE, 'zsh-capture.zsh'), COMPLETIONS, out, line], { env: e, cwd, timeout: 15_000 });
  const { readFileSync } = await import('node:fs');
  return [...new Set(readFileSync(out, 'utf8').split('\n').filter(Boolean))];
}

const sorted = (values: string[] | undefined) => [...(values ?? [])].map((v) => v.replace(/\/$/, '')).sort();

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'a.yaml': flow('my_flow'), 'b.yaml': flow('my_other'), 'c.yaml': flow('billing') }) });
  const client = ep.popClient();
  for (const name of ['order-1', 'order-2', 'refund-1']) {
    await client.request('StartExecution', { FlowName: 'my_flow', ExecutionName: name, Input: '{}' }, { method: 'POST' });
  }
  env = userEnv(ep.cliEnv);
  files = mkdtempSync(join(tmpdir(), 'fnf-comp-files-'));
  writeFileSync(join(files, 'order.json'), '{}');
  cwd = mkdtempSync(join(tmpdir(), 'fnf-comp-cwd-'));
  writeFileSync(join(cwd, 'my_flow.yaml'), flow('my_flow'));
  mkdirSync(join(files, 'sub'));
});

afterAll(async () => {
  await ep?.stop();
});

/** Each case: the line typed before Tab (in `cwd`), and the candidates every shell must offer. */
const CASES = (): Array<[string, string[]]> => [
  ['fnf st', ['start', 'stop']],
  ['fnf wait my_', ['my_flow', 'my_other']],
  ['fnf wait my_flow ', ['@latest', '@latest-failed', 'order-1', 'order-2', 'refund-1']],
  ['fnf describe --profile dev my_flow ref', ['refund-1']],
  ['fnf describe --profile prod my_flow ref', []],
  ['fnf wait my_flow x --output ', ['json', 'ndjson', 'text']],
  ['fnf list --profile ', ['dev', 'local', 'prod']],
  [`fnf start my_flow --input @${files}/`, [`@${files}/order.json`, `@${files}/sub`]],
  [`fnf start my_flow --input-file ${files}/o`, [`${files}/order.json`]],
  [`fnf local serve --flows ${files}/`, [`${files}/sub`]],
  // A file or a deployed flow's name (src/commands/flows-graph.ts); a subcommand beside the paths `fnf test` takes.
  ['fnf flows graph my_', ['my_flow', 'my_other', 'my_flow.yaml']],
  ['fnf test r', ['record']],
];

describe.concurrent('bash (bash-completion)', () => {
  it('offers commands, choices, flows, executions, profiles, files and directories', async () => {
    const { results, stderr } = await bash(CASES().map(([line]) => line));
    for (const [line, expected] of CASES()) expect([line, sorted(results[line])]).toEqual([line, sorted(expected)]);
    expect(stderr).toBe('');
  });

  it('completes a value written after "=" without repeating the option', async () => {
    const { results } = await bash(['fnf list --status=F']);
    expect(results['fnf list --status=F']).toEqual(['Failed']);
  });
});

describe.concurrent('fish', () => {
  it('offers commands, choices, flows, executions, profiles, files and directories', async () => {
    const { results, stderr } = await fish(CASES().map(([line]) => line));
    for (const [line, expected] of CASES()) expect([line, sorted(results[line])]).toEqual([line, sorted(expected)]);
    expect(stderr).toBe('');
  });
});

describe.concurrent('zsh (compinit, _fnf on $fpath)', () => {
  // One zsh in a pty per line is slow on a busy machine: a subset covering each kind of answer.
  it('offers commands, choices, flows, executions, profiles, files and directories', async () => {
    const cases = CASES().filter(([line]) => /^fnf (st|wait my_|wait my_flow |list --profile |start my_flow --input @|local|flows graph)/.test(line));
    const offered = await Promise.all(cases.map(([line]) => zsh(line)));
    cases.forEach(([line, expected], i) => expect([line, sorted(offered[i])]).toEqual([line, sorted(expected)]));
  }, 90_000);
});

describe('endpoint down or hanging', () => {
  let hanging: Server;
  let hangingUrl: string;
  let closedUrl: string;

  beforeAll(async () => {
    const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
    // Accepts connections and never answers.
    hanging = createServer(() => undefined);
    hangingUrl = `http://127.0.0.1:${await listen(hanging)}`;
    const closed = createServer();
    closedUrl = `http://127.0.0.1:${await listen(closed)}`;
    await new Promise((resolve) => closed.close(resolve));
  });

  afterAll(() => void hanging?.close());

  for (const which of ['closed', 'hanging'] as const) {
    it(`${which}: fnf __complete offers nothing from the service within about a second, silently, exit 0`, async () => {
      const e = userEnv({ ...ep.cliEnv, FNF_ENDPOINT: which === 'closed' ? closedUrl : hangingUrl, FNF_COMPLETION_TIMEOUT_MS: '' });
      const timed = async (words: string[]) => {
        const started = Date.now();
        const { stdout, stderr } = await run(process.execPath, [FNF_BIN, '__complete', '--', ...words], { env: e, timeout: 10_000 });
        return { stdout, stderr, ms: Date.now() - started };
      };
      // Start-up time depends on the machine's load: compare with a static answer measured just before.
      // The margin over the 800 ms deadline covers loading the config and client modules, which cannot be cut short.
      const staticAnswer = await timed(['st']);
      const { ms, ...printed } = await timed(['wait', '']);
      expect(printed).toEqual({ stdout: ':none\n', stderr: '' });
      expect(ms - staticAnswer.ms).toBeLessThan(2_000);
      // The service's answer is not wanted here: a short deadline keeps this quick.
      const viaBash = await bash(['fnf wait my_flow '], { ...e, FNF_COMPLETION_TIMEOUT_MS: '50' });
      // The shortcuts need no service: only they are offered.
      expect(viaBash).toEqual({ results: { 'fnf wait my_flow ': ['@latest', '@latest-failed'] }, stderr: '' });
    });
  }
});
