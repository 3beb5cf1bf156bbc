// Start-up of the commands that need no network: `fnf --version`, `--help`,
// `start --help`, each against a bare `node -e 0` timed in the same rounds
// (the machine is shared: only ratios mean something; the figure is the
// median of the rounds' ratios), and what each loads. Prints one JSON line
// (medians in ms). Usage: node bench/startup.mjs [runs=15]
import { bareNodeMs, isolatedEnv, run, snapshotCli } from './lib/cli.mjs';
import { traceLoads } from './lib/modules.mjs';
import { median, pairedRatio, round } from './lib/stats.mjs';

const runs = Number(process.argv[2] ?? 15);
const bin = snapshotCli();
const env = isolatedEnv();
const commands = { version: ['--version'], help: ['--help'], startHelp: ['start', '--help'] };

const samples = { node: [], ...Object.fromEntries(Object.keys(commands).map((k) => [k, []])) };
// One untimed round warms the file cache.
for (let i = -1; i < runs; i++) {
  const node = await bareNodeMs(env);
  if (i >= 0) samples.node.push(node);
  for (const [key, args] of Object.entries(commands)) {
    const res = await run([bin, ...args], { env });
    if (res.code !== 0) throw new Error(`fnf ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    if (i >= 0) samples[key].push(res.ms);
  }
}

const nodeMs = median(samples.node);
const result = { bench: 'startup', runs, nodeMs: round(nodeMs) };
for (const [key, args] of Object.entries(commands)) {
  const loads = await traceLoads(bin, args, env);
  result[key] = { command: `fnf ${args.join(' ')}`, ms: round(median(samples[key])), ratio: round(pairedRatio(samples[key], samples.node), 2), loads };
}
console.log(JSON.stringify(result));
