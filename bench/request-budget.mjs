// Requests the CLI sends, counted on the wire by a proxy in front of the
// local endpoint:
// - one `fnf start --wait` of an execution that runs 10 minutes (nine Waits,
//   time-scaled to 10 s) and records 20 events;
// - 20 `fnf wait` processes at once on one endpoint with the service's rate
//   limits on: exit codes, ResourceThrottled answers absorbed by retries, and
//   whether any throttling reached the user.
// Prints one JSON line. Usage: node bench/request-budget.mjs
import { run, snapshotCli } from './lib/cli.mjs';
import { countByAction, startCountingProxy } from './lib/counting-proxy.mjs';
import { cliEnvFor, startEndpoint, stateMachine } from './lib/endpoint.mjs';

const bin = snapshotCli();

/** A flow of `steps` Waits of `seconds` each: 2 + 2 × steps events. */
function waitsFlow(name, steps, seconds) {
  const states = Array.from({ length: steps }, (_, i) =>
    `  - Type: Wait\n    Name: wait_${i + 1}\n    Seconds: ${seconds}\n    ${i + 1 < steps ? `Next: wait_${i + 2}` : 'End: true'}\n`);
  return stateMachine(name, states.join(''));
}

async function tenMinuteExecution() {
  const timeScale = 60;
  const server = await startEndpoint(bin, { flows: { ten_minutes: waitsFlow('ten_minutes', 9, 600 / 9) }, timeScale });
  const proxy = await startCountingProxy(server.endpoint);
  const res = await run([bin, 'start', 'ten_minutes', '--name', 'budget', '--wait', '--output', 'json'], { env: cliEnvFor(proxy.endpoint) });
  const history = await server.client().request('GetExecutionHistory', { FlowName: 'ten_minutes', ExecutionName: 'budget', Limit: 1000 });
  await proxy.close();
  await server.stop();
  return {
    executionSeconds: 600, timeScale, events: history.Events.length, exitCode: res.code,
    requests: proxy.requests.length, byAction: countByAction(proxy.requests),
  };
}

async function manyWaiters(count = 20) {
  // Three 4 s Waits: the execution outlasts the start-up of 20 processes on a small machine.
  const server = await startEndpoint(bin, { flows: { waited: waitsFlow('waited', 3, 4) }, rateLimits: true });
  const proxy = await startCountingProxy(server.endpoint);
  const client = server.client();
  for (let i = 0; i < count; i++) await client.request('StartExecution', { FlowName: 'waited', ExecutionName: `waited_${i}` }, { method: 'POST' });
  const env = cliEnvFor(proxy.endpoint);
  const results = await Promise.all(Array.from({ length: count }, (_, i) => run([bin, 'wait', 'waited', `waited_${i}`], { env })));
  await proxy.close();
  await server.stop();
  const exitCodes = {};
  for (const r of results) exitCodes[r.code] = (exitCodes[r.code] ?? 0) + 1;
  return {
    processes: count,
    exitCodes,
    allSucceeded: results.every((r) => r.code === 0),
    throttledShown: results.filter((r) => /throttl/i.test(r.stderr + r.stdout)).length,
    throttledAnswers: proxy.requests.filter((r) => r.code === 'ResourceThrottled').length,
    requests: proxy.requests.length,
    byAction: countByAction(proxy.requests),
  };
}

console.log(JSON.stringify({ bench: 'request-budget', tenMinutes: await tenMinuteExecution(), manyWaiters: await manyWaiters() }));
