// Time from starting `fnf start <flow> --wait` on a terminal to the live
// view's first output (its header line) and to the first frame that shows the
// running step, each as the median of round-by-round ratios to a bare
// `node -e 0` started the same way next to it. FNF_BENCH_BASELINE=<dir> runs
// another checkout's build (bin/, dist/) in the same rounds, each build with
// its own cache dir, and reports its step-frame ratio beside this one's: the
// gain of a change, side by side. Prints one JSON line. Needs the build.
import { join } from 'node:path';
import { copyBuild, snapshotCli, terminalEnv } from './lib/cli.mjs';
import { LIVE_FLOWS, startEndpoint } from './lib/endpoint.mjs';
import { runInPty } from './lib/pty.mjs';
import { median, pairedRatio, round } from './lib/stats.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const FNF = snapshotCli();
const BASELINE = process.env.FNF_BENCH_BASELINE ? join(copyBuild(process.env.FNF_BENCH_BASELINE, 'baseline'), 'bin', 'fnf.js') : undefined;
const endpoint = await startEndpoint(FNF, { flows: LIVE_FLOWS });
const env = terminalEnv(endpoint.cliEnv());
const START = ['start', 'wait_flow', '--input', '{"seconds":1}', '--wait'];
const showsStep = (text) => /pause {2}Wait/.test(text);
const node = [];
const firstFrame = [];
const firstStep = [];
const baselineStep = [];
try {
  // The first round writes each build's code cache: not counted.
  for (let i = -1; i < RUNS; i++) {
    const nodeMs = (await runInPty([process.execPath, '-e', '0'], { env })).ms;
    const run = await runInPty([process.execPath, FNF, ...START], { env });
    if (run.code !== 0) throw new Error(`fnf exited with ${run.code}:\n${run.output}`);
    const stepRun = await runInPty([process.execPath, FNF, ...START], { env, isFrame: showsStep });
    const baseRun = BASELINE && await runInPty([process.execPath, BASELINE, ...START],
      { env: { ...env, XDG_CACHE_HOME: join(env.XDG_CACHE_HOME, 'baseline') }, isFrame: showsStep });
    if (i < 0) continue;
    node.push(nodeMs);
    firstFrame.push(run.firstFrameMs);
    firstStep.push(stepRun.firstFrameMs);
    if (baseRun) baselineStep.push(baseRun.firstFrameMs);
  }
} finally {
  await endpoint.stop();
}
console.log(JSON.stringify({
  bench: 'first-frame',
  runs: RUNS,
  nodeEmptyMs: round(median(node), 0),
  firstFrameMs: round(median(firstFrame), 0),
  firstStepFrameMs: round(median(firstStep), 0),
  overNodeMs: round(median(firstFrame) - median(node), 0),
  firstFrameRatio: round(pairedRatio(firstFrame, node), 2),
  firstStepFrameRatio: round(pairedRatio(firstStep, node), 2),
  ...(BASELINE ? { baselineStepFrameMs: round(median(baselineStep), 0), baselineStepFrameRatio: round(pairedRatio(baselineStep, node), 2) } : {}),
}));
