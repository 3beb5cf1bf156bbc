// The commands that make one request, against a local endpoint: `fnf describe`,
// `list`, `flows`, `stop` and `task fail`, each timed next to a bare
// `node -e 0` in the same round, minus the same request made from a warm
// process through a fresh pop-core client like the CLI's. The figure is the
// median of the rounds' ratios. The first round is not counted: it writes the
// code cache (src/code-cache.ts) and warms the file cache. Beside them, the
// floors (bench/lib/floors.mjs): Node's http alone, and pop-core alone as fnf
// loads it, each making the describe request.
// Prints one JSON line (medians in ms). Usage: node bench/commands.mjs [runs=15]
import { bareNodeMs, run, snapshotCli } from './lib/cli.mjs';
import { popClient, startEndpoint, stateMachine } from './lib/endpoint.mjs';
import { buildFloors } from './lib/floors.mjs';
import { traceLoads } from './lib/modules.mjs';
import { median, pairedRatio, round } from './lib/stats.mjs';

const runs = Number(process.argv[2] ?? 15);
const bin = snapshotCli();
const flows = {
  pass_flow: stateMachine('pass_flow', '  - Type: Pass\n    Name: only\n    End: true\n'),
  wait_flow: stateMachine('wait_flow', '  - Type: Wait\n    Name: pause\n    Seconds: 3600\n    End: true\n'),
};
const server = await startEndpoint(bin, { flows });
const env = server.cliEnv();
const api = (action, params) => server.client().request(action, params, { method: 'POST' });
await api('StartExecution', { FlowName: 'pass_flow', ExecutionName: 'described', Input: '{"n":1}' });

let waiting = 0;
/** A new execution in a one-hour Wait, to stop. */
async function runningExecution() {
  const name = `waiting-${waiting++}`;
  await api('StartExecution', { FlowName: 'wait_flow', ExecutionName: name, Input: '{}' });
  return name;
}

/** Each command: its arguments (made fresh per round), the exit code it ends with, and its request. */
const COMMANDS = {
  describe: { args: async () => ['describe', 'pass_flow', 'described'], exit: 0, request: async () => ['DescribeExecution', { FlowName: 'pass_flow', ExecutionName: 'described' }] },
  list: { args: async () => ['list', 'pass_flow'], exit: 0, request: async () => ['ListExecutions', { FlowName: 'pass_flow', Limit: 100, MetadataOnly: true }] },
  flows: { args: async () => ['flows'], exit: 0, request: async () => ['ListFlows', { Limit: 1000 }] },
  stop: { args: async () => ['stop', 'wait_flow', await runningExecution()], exit: 0, request: async () => ['StopExecution', { FlowName: 'wait_flow', ExecutionName: await runningExecution() }] },
  // No task waits for this token: the service answers TaskInvalidState, and fnf exits 5 (an API error).
  task: { args: async () => ['task', 'fail', 'no-such-token', '--error', 'Bench'], exit: 5, request: async () => ['ReportTaskFailed', { TaskToken: 'no-such-token', Error: 'Bench' }] },
};

async function requestMs([action, params]) {
  const started = process.hrtime.bigint();
  await popClient(server.endpoint).request(action, params, { method: 'POST' }).catch(() => undefined);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
for (let i = 0; i < 20; i++) await requestMs(await COMMANDS.describe.request()); // warm: JIT, server caches

const floors = await buildFloors();

const samples = { node: [], ...Object.fromEntries(Object.keys(floors).map((k) => [k, []])), ...Object.fromEntries(Object.keys(COMMANDS).map((k) => [k, { ms: [], request: [] }])) };
for (let i = -1; i < runs; i++) {
  const node = await bareNodeMs(env);
  if (i >= 0) samples.node.push(node);
  for (const [key, argv] of Object.entries(floors)) {
    const floor = await run(argv, { env });
    if (floor.code !== 0 || floor.stdout !== 'Succeeded\n') throw new Error(`the ${key} floor exited ${floor.code}: ${floor.stdout}${floor.stderr}`);
    if (i >= 0) samples[key].push(floor.ms - (await requestMs(await COMMANDS.describe.request())));
  }
  for (const [key, command] of Object.entries(COMMANDS)) {
    const args = await command.args();
    const res = await run([bin, ...args], { env });
    if (res.code !== command.exit) throw new Error(`fnf ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    const request = await requestMs(await command.request());
    if (i < 0) continue;
    samples[key].ms.push(res.ms);
    samples[key].request.push(request);
  }
}

const result = {
  bench: 'commands', runs, nodeMs: round(median(samples.node)),
  floors: Object.fromEntries(Object.keys(floors).map((k) => [k, { ms: round(median(samples[k])), ratio: round(pairedRatio(samples[k], samples.node), 2) }])),
};
for (const [key, command] of Object.entries(COMMANDS)) {
  const { ms, request } = samples[key];
  result[key] = {
    command: `fnf ${(await command.args()).join(' ')}`,
    ms: round(median(ms)),
    requestMs: round(median(request), 2),
    ratio: round(pairedRatio(ms.map((x, i) => x - request[i]), samples.node), 2),
    loads: await traceLoads(bin, await command.args(), env),
  };
}
await server.stop();
console.log(JSON.stringify(result));
