// 200 `fnf start --wait` runs through the fault proxy (test/helpers/fault-proxy.ts):
// the same test as test/reliability/faults.test.ts, scaled up. Prints the
// figures line (runs, faults by kind, exit codes, duplicate starts, hangs, crashes).
//   node bench/fault-runs.mjs [runs] [seed] [harshness]   (harshness 2.5: retries often run out → exit 6)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [runs = '200', seed = '20250101', harshness = '1'] = process.argv.slice(2);
const res = spawnSync('npx', ['vitest', 'run', '--config', 'test/vitest.config.ts', 'test/reliability/faults.test.ts', '-t', 'runs of fnf start'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  env: { ...process.env, FNF_FAULT_RUNS: runs, FNF_FAULT_SEED: seed, FNF_FAULT_HARSHNESS: harshness, FNF_FAULT_CONCURRENCY: process.env.FNF_FAULT_CONCURRENCY ?? '6' },
});
// eslint-disable-next-line no-control-regex
const figures = res.stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((line) => line.startsWith('fault runs:'));
console.log(figures ?? res.stdout);
process.exitCode = res.status ?? 1;
