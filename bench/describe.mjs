// `fnf describe <flow> <name>` against a local endpoint: its time minus the
// request's own time (the same DescribeExecution from a warm process, through
// a fresh pop-core client like the CLI's), as a ratio to a bare `node -e 0`
// timed in the same round (median of the rounds' ratios). Prints one JSON
// line (medians in ms).
// Usage: node bench/describe.mjs [runs=15]
import { bareNodeMs, run, snapshotCli } from './lib/cli.mjs';
import { popClient, startEndpoint, stateMachine } from './lib/endpoint.mjs';
import { traceLoads } from './lib/modules.mjs';
import { median, pairedRatio, round } from './lib/stats.mjs';

const runs = Number(process.argv[2] ?? 15);
const bin = snapshotCli();
const flow = stateMachine('pass_flow', '  - Type: Pass\n    Name: only\n    End: true\n');
const server = await startEndpoint(bin, { flows: { pass_flow: flow } });
const env = server.cliEnv();
await server.client().request('StartExecution', { FlowName: 'pass_flow', ExecutionName: 'described', Input: '{"n":1}' }, { method: 'POST' });
const args = [bin, 'describe', 'pass_flow', 'described'];

async function requestMs() {
  const started = process.hrtime.bigint();
  await popClient(server.endpoint).request('DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'described' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}
for (let i = 0; i < 20; i++) await requestMs(); // warm: JIT, server caches

const samples = { node: [], describe: [], request: [] };
for (let i = -1; i < runs; i++) {
  const node = await bareNodeMs(env);
  const res = await run(args, { env });
  if (res.code !== 0) throw new Error(`fnf describe exited ${res.code}: ${res.stderr}`);
  const request = await requestMs();
  if (i < 0) continue;
  samples.node.push(node);
  samples.describe.push(res.ms);
  samples.request.push(request);
}
const loads = await traceLoads(bin, args.slice(1), env);
await server.stop();

const nodeMs = median(samples.node);
const describeMs = median(samples.describe);
const ownRequestMs = median(samples.request);
console.log(JSON.stringify({
  bench: 'describe', runs,
  nodeMs: round(nodeMs), describeMs: round(describeMs), requestMs: round(ownRequestMs, 2),
  ratio: round(pairedRatio(samples.describe.map((ms, i) => ms - samples.request[i]), samples.node), 2),
  loads,
}));
