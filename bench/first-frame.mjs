// Time from starting `fnf start <flow> --wait` on a terminal to the live
// view's first output (its header line) and to the first frame that shows the
// running step, each as the median of round-by-round ratios to a bare
// `node -e 0` started the same way next to it. Prints one JSON line. Needs the build.
import { snapshotCli, terminalEnv } from './lib/cli.mjs';
import { LIVE_FLOWS, startEndpoint } from './lib/endpoint.mjs';
import { runInPty } from './lib/pty.mjs';
import { median, pairedRatio, round } from './lib/stats.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const FNF = snapshotCli();
const endpoint = await startEndpoint(FNF, { flows: LIVE_FLOWS });
const env = terminalEnv(endpoint.cliEnv());
const node = [];
const firstFrame = [];
const firstStep = [];
try {
  for (let i = 0; i < RUNS; i++) {
    node.push((await runInPty([process.execPath, '-e', '0'], { env })).ms);
    const run = await runInPty([process.execPath, FNF, 'start', 'wait_flow', '--input', '{"seconds":1}', '--wait'], { env });
    if (run.code !== 0) throw new Error(`fnf exited with ${run.code}:\n${run.output}`);
    firstFrame.push(run.firstFrameMs);
    const stepRun = await runInPty([process.execPath, FNF, 'start', 'wait_flow', '--input', '{"seconds":1}', '--wait'],
      { env, isFrame: (text) => /pause {2}Wait/.test(text) });
    firstStep.push(stepRun.firstFrameMs);
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
}));
