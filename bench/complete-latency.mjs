// How long Tab waits for `fnf __complete`: static (commands), a flow name
// with a cold cache (asks a local endpoint) and with a warm cache, against a
// bare `node -e 0` measured in the same run; and whether the completion path
// loads React or Ink. Prints one JSON line (medians in ms).
// Usage: npm run build && node bench/complete-latency.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fnf = join(root, 'bin', 'fnf.js');
const runs = Number(process.argv[2] ?? 15);
const work = mkdtempSync(join(tmpdir(), 'fnf-bench-complete-'));
const keys = { id: 'LTAIbenchCompletion01', secret: 'bench-completion-secret-0123456789' };

const flowsDir = join(work, 'flows');
mkdirSync(flowsDir);
for (const name of ['my_flow', 'my_other', 'billing']) {
  writeFileSync(join(flowsDir, `${name}.yaml`),
    `Type: StateMachine\nSpecVersion: v1\nName: ${name}\nStartAt: only\nStates:\n  - Type: Pass\n    Name: only\n    End: true\n`);
}

const server = spawn(process.execPath, [fnf, 'local', 'serve', '--port', '0', '--json', '--no-rate-limits',
  '--flows', flowsDir, '--data', join(work, 'data'), '--access-key-id', keys.id, '--access-key-secret', keys.secret],
{ stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, HOME: work } });
const ready = await new Promise((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`fnf local serve exited with ${code}`)));
  createInterface({ input: server.stdout }).once('line', (line) => resolve(JSON.parse(line)));
});

const baseEnv = {
  PATH: process.env.PATH,
  HOME: work,
  XDG_CONFIG_HOME: join(work, 'config'),
  FNF_ENDPOINT: ready.endpoint,
  FNF_REGION: 'cn-hangzhou',
  ALIBABA_CLOUD_ACCESS_KEY_ID: keys.id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.secret,
};

function timed(args, cacheHome, extraNodeArgs = []) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [...extraNodeArgs, ...args], {
    env: { ...baseEnv, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { ms, stdout: res.stdout, stderr: res.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 10) / 10;
};

const flowWords = [fnf, '__complete', '--', 'wait', 'my_'];
const samples = { node: [], staticCommand: [], flowCold: [], flowWarm: [] };
let answer = '';
const answered = { cold: 0, warm: 0 };
const offersFlows = (stdout) => stdout.includes('my_flow');
for (let i = 0; i < runs; i++) {
  samples.node.push(timed(['-e', '0'], work).ms);
  samples.staticCommand.push(timed([fnf, '__complete', '--', 'st'], join(work, `static-${i}`)).ms);
  const cache = join(work, `cache-${i}`);
  const cold = timed(flowWords, cache);
  answer = cold.stdout;
  samples.flowCold.push(cold.ms);
  const warm = timed(flowWords, cache);
  samples.flowWarm.push(warm.ms);
  // A cold run that missed the 800 ms deadline caches nothing, so the "warm" run after it is cold too.
  answered.cold += offersFlows(cold.stdout);
  answered.warm += offersFlows(warm.stdout);
}

// Which files the completion path loads, recorded by a module hook.
const hook = join(work, 'hook.mjs');
writeFileSync(hook, "export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n");
const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`;
const traced = timed(flowWords, join(work, 'traced'), ['--import', `data:text/javascript,${encodeURIComponent(register)}`]);
const loaded = traced.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => fileURLToPath(l.slice(7)));
const loadedText = loaded.map((f) => readFileSync(f, 'utf8')).join('\n');

server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
rmSync(work, { recursive: true, force: true });

console.log(JSON.stringify({
  runs,
  nodeBareMs: median(samples.node),
  staticCommandMs: median(samples.staticCommand),
  flowNameColdCacheMs: median(samples.flowCold),
  flowNameWarmCacheMs: median(samples.flowWarm),
  coldRunsAnswered: answered.cold,
  warmRunsAnswered: answered.warm,
  flowsOffered: answer.split('\n').filter((l) => l && !l.startsWith(':')),
  filesLoaded: loaded.length,
  bytesLoaded: loadedText.length,
  loadsReact: /react\.(transitional\.)?element/.test(loadedText),
  loadsInk: /yoga/i.test(loadedText),
}));
