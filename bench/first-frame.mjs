// Time from starting `fnf start <flow> --wait` on a terminal to the live
// view's first frame, next to bare `node -e 0` measured the same way in the
// same run. Prints one JSON line. Needs the build.
import { FNF, median, runInPty, startEndpoint } from './live-common.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const endpoint = await startEndpoint();
const node = [];
const firstFrame = [];
const firstStep = [];
try {
  for (let i = 0; i < RUNS; i++) {
    node.push((await runInPty([process.execPath, '-e', '0'], endpoint.env)).ms);
    const run = await runInPty([process.execPath, FNF, 'start', 'wait_flow', '--input', '{"seconds":1}', '--wait'], endpoint.env);
    if (run.code !== 0) throw new Error(`fnf exited with ${run.code}:\n${run.output}`);
    firstFrame.push(run.firstFrameMs);
    const stepRun = await runInPty([process.execPath, FNF, 'start', 'wait_flow', '--input', '{"seconds":1}', '--wait'], endpoint.env,
      (text) => /pause {2}Wait/.test(text));
    firstStep.push(stepRun.firstFrameMs);
  }
} finally {
  await endpoint.stop();
}
const round = (v) => Math.round(v);
console.log(JSON.stringify({
  bench: 'first-frame',
  runs: RUNS,
  nodeEmptyMs: round(median(node)),
  firstFrameMs: round(median(firstFrame)),
  firstStepFrameMs: round(median(firstStep)),
  overNodeMs: round(median(firstFrame) - median(node)),
}));
