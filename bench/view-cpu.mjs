// CPU time the CLI spends while the live view shows a Wait (60 s by default,
// `node bench/view-cpu.mjs 20` for a shorter one), on a pseudo-terminal, next
// to the plain renderer (piped) following the same kind of execution.
// Prints one JSON line. Needs the build.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, snapshotCli, spawnTimed, terminalEnv } from './lib/cli.mjs';
import { LIVE_FLOWS, startEndpoint } from './lib/endpoint.mjs';
import { runInPty } from './lib/pty.mjs';

const SECONDS = Number(process.argv[2] ?? 60);
const FNF = snapshotCli();
const dir = scratchDir('cpu');
const hook = join(dir, 'cpu-hook.mjs');
// Loaded with --import: records the CLI process's own CPU time when it exits.
writeFileSync(hook, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.FNF_CPU_OUT, JSON.stringify(process.cpuUsage())));\n");
const input = JSON.stringify({ seconds: SECONDS });
const args = ['--import', hook, FNF, 'start', 'wait_flow', '--input', input, '--wait'];
const cpuMs = (file) => {
  const { user, system } = JSON.parse(readFileSync(file, 'utf8'));
  return Math.round((user + system) / 1000);
};

const endpoint = await startEndpoint(FNF, { flows: LIVE_FLOWS });
try {
  const liveOut = join(dir, 'live.json');
  const live = await runInPty([process.execPath, ...args], { env: { ...terminalEnv(endpoint.cliEnv()), FNF_CPU_OUT: liveOut } });
  if (live.code !== 0) throw new Error(`live run exited with ${live.code}:\n${live.output}`);

  const plainOut = join(dir, 'plain.json');
  const plain = await spawnTimed(process.execPath, args, {
    env: { ...terminalEnv(endpoint.cliEnv()), FNF_CPU_OUT: plainOut }, timeoutMs: (SECONDS + 120) * 1000,
  });
  if (plain.code !== 0) throw new Error(`plain run exited with ${plain.code}`);

  const liveCpu = cpuMs(liveOut);
  console.log(JSON.stringify({
    bench: 'view-cpu',
    waitSeconds: SECONDS,
    liveWallMs: Math.round(live.ms),
    liveCpuMs: liveCpu,
    liveCpuPercent: Number(((liveCpu / live.ms) * 100).toFixed(2)),
    plainCpuMs: cpuMs(plainOut),
  }));
} finally {
  await endpoint.stop();
}
