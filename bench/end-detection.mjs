// How soon after an execution ends `fnf start --wait` exits: the CLI's exit
// (seen by this process) minus the execution's StoppedTime (the endpoint runs
// on this host, so both are the same clock). For a 1 s Wait, and a 5-minute
// Wait run at --time-scale 300 (1 s of real time, the same long-poll path).
// Prints one JSON line (ms). Usage: node bench/end-detection.mjs [runs=10]
import { run, snapshotCli } from './lib/cli.mjs';
import { startEndpoint, stateMachine } from './lib/endpoint.mjs';
import { median, round } from './lib/stats.mjs';

const runs = Number(process.argv[2] ?? 10);
const bin = snapshotCli();
const waitFlow = (name, seconds) => stateMachine(name, `  - Type: Wait\n    Name: pause\n    Seconds: ${seconds}\n    End: true\n`);
const cases = {
  oneSecond: { flow: 'one_second', seconds: 1, timeScale: 1 },
  fiveMinutes: { flow: 'five_minutes', seconds: 300, timeScale: 300 },
};

const result = { bench: 'end-detection', runs };
for (const [key, c] of Object.entries(cases)) {
  const server = await startEndpoint(bin, { flows: { [c.flow]: waitFlow(c.flow, c.seconds) }, timeScale: c.timeScale });
  const env = server.cliEnv();
  const client = server.client();
  const lags = [];
  for (let i = 0; i < runs; i++) {
    const name = `run_${i}`;
    const res = await run([bin, 'start', c.flow, '--name', name, '--wait', '--output', 'json'], { env });
    if (res.code !== 0) throw new Error(`fnf start --wait exited ${res.code}: ${res.stderr}`);
    const { StoppedTime } = await client.request('DescribeExecution', { FlowName: c.flow, ExecutionName: name });
    lags.push(res.exitedAt - Date.parse(StoppedTime));
  }
  await server.stop();
  result[key] = { executionSeconds: c.seconds, timeScale: c.timeScale, exitAfterEndMs: { median: round(median(lags)), max: round(Math.max(...lags)) } };
}
console.log(JSON.stringify(result));
