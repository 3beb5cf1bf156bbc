// Server RSS with N executions parked in a Wait state, then how long a
// restart on that data dir takes (every one of them resumed) and its RSS.
// Usage: node bench/endpoint-memory.mjs [executions=10000]
import { snapshotCli } from './lib/cli.mjs';
import { ENDPOINT_FLOWS, startEndpoint } from './lib/endpoint.mjs';
import { runPool } from './lib/pool.mjs';

const count = Number(process.argv[2] ?? 10_000);
const bin = snapshotCli();
const server = await startEndpoint(bin, { flows: ENDPOINT_FLOWS });
const idleRssMiB = server.rssMiB();
const client = server.client();
const clients = Array.from({ length: 16 }, () => server.client());
const started = Date.now();
const errors = await runPool(count, 16, (i) =>
  clients[i % 16].request('StartExecution', { FlowName: 'wait_flow', ExecutionName: `parked_${i}`, Input: '{"seconds":86400}' }, { method: 'POST' }));
const startSeconds = (Date.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 1000));
global.gc?.();
const waitingRssMiB = server.rssMiB();
const running = await client.request('ListExecutions', { FlowName: 'wait_flow', Status: 'Running', Limit: 1 });

await server.kill9();
const restarted = await startEndpoint(bin, { flows: ENDPOINT_FLOWS, dataDir: server.dataDir });
await new Promise((r) => setTimeout(r, 1000));
const restartedRssMiB = restarted.rssMiB();
const sample = await restarted.client().request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: `parked_${count - 1}` });
await restarted.stop();

console.log(JSON.stringify({
  bench: 'endpoint-memory',
  executionsWaiting: count,
  errors,
  startSeconds: +startSeconds.toFixed(2),
  idleRssMiB: Math.round(idleRssMiB),
  waitingRssMiB: Math.round(waitingRssMiB),
  listedRunning: running.Executions.length > 0,
  afterKill9: { readyMs: restarted.readyMs, rssMiB: Math.round(restartedRssMiB), lastStatus: sample.Status },
}));
