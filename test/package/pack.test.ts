// SLOW: 30-60 s on a busy machine, most of it npm installing dependencies;
// needs the npm registry or a warm npm cache. Packs the package as
// `npm publish` would, installs the tarball globally into a
// temporary prefix and through npx, and drives the installed `fnf` the way a
// user would: --version, --help, completion, and a `start --wait` against a
// `fnf local serve` that is itself the installed copy.
// Packs the dist/ already built (`npm test` builds it first) with
// --ignore-scripts, so this test never rebuilds dist/ under other tests.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';

const exec = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; a non-zero exit is a result, not an exception. */
async function run(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(file, args, { env: opts.env, cwd: opts.cwd, timeout: 60_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const work = mkdtempSync(join(tmpdir(), 'fnf-pack-'));
const prefix = join(work, 'prefix');
const home = join(work, 'home');
mkdirSync(home);
// npm keeps its real cache (fast, offline-friendly); nothing else of the user's environment leaks in.
const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
/** What a user's shell would have after `npm install -g`: the prefix's bin on PATH, a clean HOME. */
const userEnv = {
  PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_CACHE_HOME: join(home, '.cache'),
  NO_COLOR: '1',
};

let packed: PackResult;
let tarball: string;
let installMs: number;
let endpoint: Endpoint | undefined;

beforeAll(async () => {
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env: npmEnv });
  expect(pack.code, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
  tarball = join(work, packed.filename);

  const started = Date.now();
  const install = await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: work, env: npmEnv });
  installMs = Date.now() - started;
  expect(install.code, install.stderr).toBe(0);

  endpoint = await startEndpoint({
    bin: join(prefix, 'bin', 'fnf'),
    flowsDir: 'examples/flows',
    functionsDir: 'examples/functions',
    timeScale: 20,
  });
}, 90_000);

afterAll(async () => {
  await endpoint?.stop();
  rmSync(work, { recursive: true, force: true });
  await removeNpxInstall(`file:${tarball}`);
});

/** npx installs into <cache>/_npx/<hash>/ and keeps it; drop ours, the temporary tarball path won't come again. */
async function removeNpxInstall(spec: string): Promise<void> {
  const cache = (await run('npm', ['config', 'get', 'cache'], { env: npmEnv })).stdout.trim();
  const npxDir = join(cache, '_npx');
  if (!existsSync(npxDir)) return;
  for (const hash of readdirSync(npxDir)) {
    const manifest = join(npxDir, hash, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { _npx?: { packages?: string[] } })._npx?.packages?.includes(spec)) {
      rmSync(join(npxDir, hash), { recursive: true, force: true });
    }
  }
}

async function expectHelloSucceeds(file: string, args: string[]): Promise<void> {
  const start = await run(file, [...args, 'start', 'hello', '--input', '{"name":"Ada","items":["tea"]}', '--wait', '--output', 'json'],
    { env: { ...userEnv, ...endpoint!.cliEnv }, cwd: work });
  expect(start.code, start.stderr).toBe(0);
  const execution = JSON.parse(start.stdout) as { Status: string; Output: string };
  expect(execution.Status).toBe('Succeeded');
  expect(JSON.parse(execution.Output)).toMatchObject({ name: 'Ada' });
}

describe('the npm package', () => {
  it('ships only what runs: the launcher, dist/, completions and the docs', () => {
    const paths = packed.files.map((f) => f.path).sort();
    const allowed = /^(bin\/fnf\.js|bin\/package\.json|dist\/cli\.cjs|dist\/program-\w+\.cjs|dist\/help\.json|completions\/(fnf\.bash|_fnf|fnf\.fish)|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('dist/program-'))).toHaveLength(1);
    expect(paths).toEqual(expect.arrayContaining(['bin/fnf.js', 'bin/package.json', 'dist/cli.cjs', 'dist/help.json', 'completions/fnf.bash', 'completions/_fnf',
      'completions/fnf.fish', 'README.md', 'LICENSE', 'CHANGELOG.md']));
    console.info(`[pack] ${packed.filename}: ${packed.size} bytes, ${packed.entryCount} files; npm install -g took ${installMs} ms`);
  });

  it('installs a global `fnf` that prints its version, help and completion', async () => {
    const version = await run('fnf', ['--version'], { env: userEnv });
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });

    const help = await run('fnf', ['--help'], { env: userEnv });
    expect(help.code).toBe(0);
    for (const command of ['start', 'wait', 'describe', 'stop', 'list', 'flows', 'task', 'profiles', 'completion', 'local']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\S`, 'm'));
    }
    expect(help.stdout).toContain('Exit codes:');

    const completion = await run('fnf', ['completion', 'bash'], { env: userEnv });
    expect(completion.code).toBe(0);
    expect(completion.stdout).toBe(readFileSync(join(ROOT, 'completions', 'fnf.bash'), 'utf8'));
  });

  it('runs an execution to its end: `fnf start --wait` against `fnf local serve`, both the installed copy', async () => {
    await expectHelloSucceeds('fnf', []);
  });

  // dist/ bundles every dependency: a copy of the package with no node_modules anywhere above it still works.
  it('runs from the unpacked tarball alone, without its dependencies installed', async () => {
    const bare = join(work, 'bare');
    mkdirSync(bare);
    await exec('tar', ['xzf', tarball, '-C', bare]);
    await expectHelloSucceeds(process.execPath, [join(bare, 'package', 'bin', 'fnf.js')]);
  });

  it('runs through `npx <tarball>`', async () => {
    // `file:` makes npx read the argument as a package, not as a command to run.
    const npx = await run('npx', ['--yes', `file:${tarball}`, '--version'], { cwd: work, env: npmEnv });
    expect(npx.code, npx.stderr).toBe(0);
    expect(npx.stdout.trim().split('\n').pop()).toBe(pkg.version);
  }, 60_000);
});
