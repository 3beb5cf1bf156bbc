// One `fnf wait <flow> --prefix …` following 100 executions at once, against
// the local endpoint with the service's rate limits on (no --no-rate-limits),
// counted on the wire by a proxy: the exit code, the requests the one poller
// used by action, the ResourceThrottled answers it got (the goal: none), and
// how long after the last execution ended the CLI exited, and how long after
// each end the CLI told of it (its NDJSON end line, timed as it arrived).
// Prints one JSON line. Usage: node bench/wait-many.mjs [count]
import { spawn } from 'node:child_process';
import { snapshotCli } from './lib/cli.mjs';
import { countByAction, startCountingProxy } from './lib/counting-proxy.mjs';
import { cliEnvFor, startEndpoint, stateMachine } from './lib/endpoint.mjs';
import { percentile, round } from './lib/stats.mjs';

const count = Number(process.argv[2] ?? 100);
const bin = snapshotCli();

// Three Waits of 10 s: the executions outlast the watcher's first look at each of them.
const states = [1, 2, 3].map((i) => `  - Type: Wait\n    Name: wait_${i}\n    Seconds: 10\n    ${i < 3 ? `Next: wait_${i + 1}` : 'End: true'}\n`).join('');
const server = await startEndpoint(bin, { flows: { many: stateMachine('many', states) }, rateLimits: true });
const client = server.client();
// Starts go straight to the endpoint (their own bucket: 100 at once): only the watch is counted.
for (let i = 0; i < count; i++) {
  await client.request('StartExecution', { FlowName: 'many', ExecutionName: `wm_${String(i).padStart(3, '0')}` }, { method: 'POST' });
}
const proxy = await startCountingProxy(server.endpoint);
const res = await runTimingLines([bin, 'wait', 'many', '--prefix', 'wm_', '--output', 'ndjson'], cliEnvFor(proxy.endpoint), 280_000);
const exitedAt = res.exitedAt;
await proxy.close();
await server.stop();

const lines = res.lines.map(({ text, at }) => ({ ...JSON.parse(text), printedAt: at }));
// The ends as the CLI printed them (asking the endpoint now would spend its rate limit).
const ends = lines.filter((l) => l.type === 'Execution').map((l) => Date.parse(l.StoppedTime));
const watchSeconds = (Math.max(...proxy.requests.map((r) => r.answeredAt ?? r.sentAt)) - Math.min(...proxy.requests.map((r) => r.sentAt))) / 1000;
console.log(JSON.stringify({
  bench: 'wait-many',
  executions: count,
  exitCode: res.code,
  ended: lines.filter((l) => l.type === 'Execution' && l.Status === 'Succeeded').length,
  requests: proxy.requests.length,
  requestsPerExecution: round(proxy.requests.length / count),
  requestsPerSecond: round(proxy.requests.length / watchSeconds),
  byAction: countByAction(proxy.requests),
  throttledAnswers: proxy.requests.filter((r) => r.code === 'ResourceThrottled').length,
  throttledShown: /throttl/i.test(res.stderr) ? 1 : 0,
  endLagMs: endLag(lines.filter((l) => l.type === 'Execution').map((l) => l.printedAt - Date.parse(l.StoppedTime))),
  exitAfterLastEndMs: exitedAt - Math.max(...ends),
  processMs: res.ms,
}));

/** Runs `node ...args`; each stdout line with the epoch ms it arrived at. */
function runTimingLines(args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    let partial = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      const at = Date.now();
      const parts = (partial + d).split('\n');
      partial = parts.pop();
      for (const text of parts) if (text) lines.push({ text, at });
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let exit;
    child.on('exit', (code) => (exit = { code, exitedAt: Date.now(), ms: Date.now() - started }));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ ...exit, lines, stderr });
    });
  });
}

/** The upper median (the middle value, the later of two) and the largest. */
function endLag(values) {
  return { median: percentile(values, 50), max: percentile(values, 100) };
}
