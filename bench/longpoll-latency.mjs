// How long after an execution ends a pending DescribeExecution long poll
// answers: client receive time minus the execution's StoppedTime (same host,
// same clock), over executions ending while polls are pending.
// Usage: node bench/longpoll-latency.mjs [samples=40] [parallel=4]
import { snapshotCli } from './lib/cli.mjs';
import { ENDPOINT_FLOWS, startEndpoint } from './lib/endpoint.mjs';
import { percentile } from './lib/stats.mjs';

const samples = Number(process.argv[2] ?? 40);
const parallel = Number(process.argv[3] ?? 4);
const server = await startEndpoint(snapshotCli(), { flows: ENDPOINT_FLOWS, timeScale: 10 });
const clients = Array.from({ length: parallel }, () => server.client());
const lags = [];

for (let round = 0; round < samples / parallel; round++) {
  await Promise.all(clients.map(async (client, j) => {
    const name = `poll_${round}_${j}`;
    // 3 flow-seconds at --time-scale 10: ends 300 ms after the start, while the poll waits.
    await client.request('StartExecution', { FlowName: 'wait_flow', ExecutionName: name, Input: '{"seconds":3}' }, { method: 'POST' });
    const res = await client.request('DescribeExecution', { FlowName: 'wait_flow', ExecutionName: name, WaitTimeSeconds: 30 });
    const received = Date.now();
    if (res.Status !== 'Succeeded') throw new Error(`unexpected status ${res.Status}`);
    lags.push(received - Date.parse(res.StoppedTime));
  }));
}
await server.stop();
console.log(JSON.stringify({
  bench: 'longpoll-latency',
  samples: lags.length,
  afterEndMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: Math.max(...lags) },
}));
