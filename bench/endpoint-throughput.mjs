// StartExecution per second against `fnf local serve --no-rate-limits`, with
// concurrent pop-core clients (each with its own keep-alive connection).
// Usage: node bench/endpoint-throughput.mjs [total=10000] [concurrency=32]
import { snapshotCli } from './lib/cli.mjs';
import { ENDPOINT_FLOWS, startEndpoint } from './lib/endpoint.mjs';
import { runPool } from './lib/pool.mjs';
import { percentile } from './lib/stats.mjs';

const total = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 32);
const server = await startEndpoint(snapshotCli(), { flows: ENDPOINT_FLOWS, timeScale: 1000 });
const clients = Array.from({ length: concurrency }, () => server.client());
const latencies = [];

// Warm up the connections and the JIT.
await runPool(200, concurrency, (i) => clients[i % concurrency].request('StartExecution', { FlowName: 'pass_flow', ExecutionName: `warm_${i}` }, { method: 'POST' }));

const cpuBefore = server.cpuMs();
const clientCpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const errors = await runPool(total, concurrency, async (i) => {
  const t0 = process.hrtime.bigint();
  // Half finish at once (Pass), half wait one flow-second (1 ms at --time-scale 1000).
  const flow = i % 2 ? 'pass_flow' : 'wait_flow';
  await clients[i % concurrency].request('StartExecution', { FlowName: flow, ExecutionName: `run_${i}`, Input: '{"seconds":1}' }, { method: 'POST' });
  latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// The clients share the machine's cores with the server: CPU per start tells what one core could do.
const serverCpuMsPerStart = (server.cpuMs() - cpuBefore) / total;
const clientCpu = process.cpuUsage(clientCpuBefore);
const clientCpuMsPerStart = (clientCpu.user + clientCpu.system) / 1000 / total;
const rssMiB = server.rssMiB();
await server.stop();

console.log(JSON.stringify({
  bench: 'endpoint-throughput',
  total,
  concurrency,
  seconds: +seconds.toFixed(2),
  startsPerSecond: Math.round((total - Object.values(errors).reduce((a, b) => a + b, 0)) / seconds),
  latencyMs: { p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2) },
  errors,
  serverCpuMsPerStart: +serverCpuMsPerStart.toFixed(3),
  startsPerServerCpuSecond: Math.round(1000 / serverCpuMsPerStart),
  clientCpuMsPerStart: +clientCpuMsPerStart.toFixed(3),
  serverRssMiB: Math.round(rssMiB),
}));
