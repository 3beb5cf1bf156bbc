// How long Tab waits for `fnf __complete`: static (commands), a flow name
// with a cold cache (asks a local endpoint) and with a warm cache, against a
// bare `node -e 0` measured in the same run; and whether the completion path
// loads React or Ink. Prints one JSON line (medians in ms).
// Usage: npm run build && node bench/complete-latency.mjs [runs]
import { join } from 'node:path';
import { run, scratchDir, snapshotCli } from './lib/cli.mjs';
import { startEndpoint, stateMachine } from './lib/endpoint.mjs';
import { traceLoads } from './lib/modules.mjs';
import { median, round } from './lib/stats.mjs';

const fnf = snapshotCli();
const runs = Number(process.argv[2] ?? 15);
const work = scratchDir('complete');

const flows = Object.fromEntries(['my_flow', 'my_other', 'billing'].map((name) =>
  [name, stateMachine(name, '  - Type: Pass\n    Name: only\n    End: true\n')]));
const server = await startEndpoint(fnf, { flows });
const baseEnv = server.cliEnv();

async function timed(args, cacheHome) {
  const res = await run(args, { env: { ...baseEnv, XDG_CACHE_HOME: cacheHome } });
  if (res.code !== 0) throw new Error(`${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  return res;
}

const flowWords = [fnf, '__complete', '--', 'wait', 'my_'];
const samples = { node: [], staticCommand: [], flowCold: [], flowWarm: [] };
let answer = '';
const answered = { cold: 0, warm: 0 };
const offersFlows = (stdout) => stdout.includes('my_flow');
for (let i = 0; i < runs; i++) {
  samples.node.push((await timed(['-e', '0'], work)).ms);
  samples.staticCommand.push((await timed([fnf, '__complete', '--', 'st'], join(work, `static-${i}`))).ms);
  const cache = join(work, `cache-${i}`);
  const cold = await timed(flowWords, cache);
  answer = cold.stdout;
  samples.flowCold.push(cold.ms);
  const warm = await timed(flowWords, cache);
  samples.flowWarm.push(warm.ms);
  // A cold run that missed the 800 ms deadline caches nothing, so the "warm" run after it is cold too.
  answered.cold += offersFlows(cold.stdout);
  answered.warm += offersFlows(warm.stdout);
}

// Which files the completion path loads, with a cold cache of its own.
const loads = await traceLoads(fnf, flowWords.slice(1), { ...baseEnv, XDG_CACHE_HOME: join(work, 'traced') });
await server.stop();

console.log(JSON.stringify({
  runs,
  nodeBareMs: round(median(samples.node)),
  staticCommandMs: round(median(samples.staticCommand)),
  flowNameColdCacheMs: round(median(samples.flowCold)),
  flowNameWarmCacheMs: round(median(samples.flowWarm)),
  coldRunsAnswered: answered.cold,
  warmRunsAnswered: answered.warm,
  flowsOffered: answer.split('\n').filter((l) => l && !l.startsWith(':')),
  filesLoaded: loads.files,
  bytesLoaded: loads.bytes,
  loadsReact: ['react', 'react-reconciler'].some((name) => loads.packages.includes(name)),
  loadsInk: ['ink', 'yoga-layout'].some((name) => loads.packages.includes(name)),
}));
