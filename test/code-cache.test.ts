// The built CLI keeps V8's compiled code for its program bundle under the XDG
// cache dir (src/code-cache.ts): one file per fnf version, bundle, command line
// and V8, written at exit, ignored (then replaced) when damaged or foreign, and
// removed a month after it was written.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { ROOT, runCli } from './helpers/cli.js';
import { startEndpoint } from './helpers/endpoint.js';

const bundle = readdirSync(join(ROOT, 'dist')).find((f) => /^program-\w+\.cjs$/.test(f))!;
const usesOwnCache = !('enableCompileCache' in (await import('node:module')).default);

/** A fresh cache dir; runs `fnf completion bash` (it loads the program, sends nothing) with it. */
function withCacheHome() {
  const home = mkdtempSync(join(tmpdir(), 'fnf-code-cache-'));
  const dir = join(home, 'fnf', 'code-cache');
  const run = () => runCli(['completion', 'bash'], { env: { XDG_CACHE_HOME: home } });
  return { home, dir, run };
}

describe.runIf(usesOwnCache)('the code cache of the program bundle', () => {
  it('is written on the first run, named by fnf version, bundle, command and V8, and used after', async () => {
    const { dir, run } = withCacheHome();
    const first = await run();
    expect(first.code).toBe(0);
    const files = readdirSync(dir);
    expect(files).toEqual([`${pkg.version}-${bundle.replace(/\.cjs$/, '')}-completion-v8-${process.versions.v8}.bin`]);
    const written = readFileSync(join(dir, files[0]!));
    expect(written.length).toBeGreaterThan(10_000);

    const second = await run();
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
    // Used, not rewritten: the cache of the first run is still the one there.
    expect(readFileSync(join(dir, files[0]!)).equals(written)).toBe(true);
  });

  it('ignores a damaged file and writes a good one in its place', async () => {
    const { dir, run } = withCacheHome();
    const good = await run();
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    const damaged = readFileSync(path);
    damaged[damaged.length >> 1] ^= 0xff;
    writeFileSync(path, damaged);

    const again = await run();
    expect(again).toMatchObject({ code: 0, stdout: good.stdout, stderr: '' });
    // Its first 20 bytes are the SHA-1 of the rest again.
    const rewritten = readFileSync(path);
    expect(rewritten.equals(damaged)).toBe(false);
    expect(createHash('sha1').update(rewritten.subarray(20)).digest().equals(rewritten.subarray(0, 20))).toBe(true);
  });

  it('removes an earlier build\'s files and other versions\' a month old; keeps younger ones of other installs and this one\'s other commands', async () => {
    const { dir, home, run } = withCacheHome();
    mkdirSync(dir, { recursive: true });
    const monthOld = join(dir, '0.0.1-program-OLDHASH-completion-v8-1.0.bin');
    const otherInstall = join(dir, '0.1.0-program-OTHERHASH-describe-v8-1.0.bin');
    const rebuilt = join(dir, `${pkg.version}-program-REBUILTHASH-completion-v8-1.0.bin`);
    writeFileSync(rebuilt, 'this version, an earlier build');
    writeFileSync(monthOld, 'stale');
    writeFileSync(otherInstall, 'in use by another install');
    const aMonthAgo = new Date(Date.now() - 31 * 24 * 3600_000);
    utimesSync(monthOld, aMonthAgo, aMonthAgo);
    expect((await runCli(['__complete', 'st'], { env: { XDG_CACHE_HOME: home } })).code).toBe(0);
    expect((await run()).code).toBe(0);
    const ours = `${pkg.version}-${bundle.replace(/\.cjs$/, '')}`;
    expect(readdirSync(dir).sort()).toEqual(['0.1.0-program-OTHERHASH-describe-v8-1.0.bin',
      `${ours}-__complete-v8-${process.versions.v8}.bin`, `${ours}-completion-v8-${process.versions.v8}.bin`]);
  });

  // `start` alone compiles no watcher and no renderer: its cache must not be the one `start --wait` uses.
  it('keeps a cache for a command line that follows an execution apart from the same command\'s without', async () => {
    const { dir, home } = withCacheHome();
    for (const args of [['start', 'not a flow name'], ['start', 'not a flow name', '--wait'], ['wait', 'not a flow name', 'x']]) {
      expect((await runCli(args, { env: { XDG_CACHE_HOME: home } })).code).toBe(2);
    }
    const ours = `${pkg.version}-${bundle.replace(/\.cjs$/, '')}`;
    // Not on a terminal: the lines that follow an execution are written, not drawn.
    expect(readdirSync(dir).sort()).toEqual(['start-lines', 'start', 'wait-lines'].map((command) => `${ours}-${command}-v8-${process.versions.v8}.bin`));
  });

  it('runs without one where the cache dir cannot be written', async () => {
    const { home } = withCacheHome();
    writeFileSync(join(home, 'fnf'), 'a file where the directory would go');
    const res = await runCli(['completion', 'bash'], { env: { XDG_CACHE_HOME: home } });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain('complete');
    expect(existsSync(join(home, 'fnf', 'code-cache'))).toBe(false);
  });

  // A script compiled from a code cache loses its import() on Node 20 (src/import-file.ts).
  it('loads the user\'s files with import() from a program compiled from the cache: fnf.config.mjs, a task handler', async () => {
    const { home, dir, run } = withCacheHome();
    await run();
    expect(readdirSync(dir)).toHaveLength(1);

    const fixture = join(ROOT, 'test', 'config', 'fixtures', 'js-config', 'home');
    // Twice: the first run writes the cache of `profiles`, the second is compiled from it.
    const runProfiles = () => runCli(['profiles'], { cwd: join(fixture, 'project'), env: { HOME: fixture, XDG_CACHE_HOME: home, STAGING_SECRET: 's' } });
    await runProfiles();
    expect(readdirSync(dir)).toHaveLength(2);
    const profiles = await runProfiles();
    expect(profiles.stderr).toBe('');
    expect(profiles.stdout).toMatch(/^\*\s+staging\s+cn-shenzhen/m);

    const work = mkdtempSync(join(tmpdir(), 'fnf-code-cache-flow-'));
    mkdirSync(join(work, 'flows'));
    mkdirSync(join(work, 'functions'));
    writeFileSync(join(work, 'flows', 'greet.yaml'), ['Type: StateMachine', 'SpecVersion: v1', 'Name: greet', 'StartAt: call', 'States:',
      '  - Type: Task', '    Name: call', '    Action: FC:InvokeFunction', '    TaskMode: RequestComplete', '    Parameters:',
      '      resourceArn: acs:fc:cn-hangzhou:123:functions/hello', '      invocationType: Sync', '      body.$: $Input', '    End: true', ''].join('\n'));
    writeFileSync(join(work, 'functions', 'hello.mjs'), 'export const handler = async (event) => ({ hi: JSON.parse(event).name });\n');
    // The server runs with the shared test HOME; `start` writes its cache on its first run, uses it on the second.
    const endpoint = await startEndpoint({ flowsDir: join(work, 'flows'), functionsDir: join(work, 'functions') });
    try {
      const start = () => runCli(['start', 'greet', '--input', '{"name":"Ada"}', '--wait', '--output', 'json'], { env: endpoint.cliEnv });
      await start();
      const res = await start();
      expect(res.stderr).toBe('');
      expect(JSON.parse(res.stdout)).toMatchObject({ Status: 'Succeeded', Output: JSON.stringify({ Body: { hi: 'Ada' }, StatusCode: 200, Headers: {} }) });
    } finally {
      await endpoint.stop();
    }
  });
});
