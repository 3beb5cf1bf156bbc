// `npm run bench`: runs every bench script (each prints one JSON line) one
// after another against its own local endpoint, and prints one table —
// figure, goal, measured, pass/fail — with the date and the machine; the same
// goes to bench/results.json with each script's full output.
// Usage: node bench/run.mjs [--only <script name part>[,<another>…]]
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/cli.mjs';

const RUNS = '10';
const KB = (bytes) => `${Math.round(bytes / 1000)} KB`;
const x = (ratio) => `${ratio.toFixed(2)}×`;
const row = (figure, goal, measured, pass) => ({ figure, goal, measured, pass });

/** Every script, with the rows it fills. `pass: null` marks a figure shown for information. */
const BENCHES = [
  {
    // Tens of milliseconds on a shared machine: more rounds than the rest, so noise doesn't decide the verdict.
    script: 'startup.mjs', args: ['30'],
    rows: (r) => [
      ...['version', 'help', 'startHelp'].map((key) =>
        row(`${r[key].command} start-up`, '≤ 1.15 × node -e 0', `${x(r[key].ratio)} (${r[key].ms} ms; node ${r.nodeMs} ms)`, r[key].ratio <= 1.15)),
      ...['version', 'help', 'startHelp'].map((key) => {
        const { loads } = r[key];
        return row(`${r[key].command} JS loaded`, 'the entry only, no program bundle',
          `${KB(loads.bytes)} in ${loads.files} files${loads.program ? '; loads the program' : ''}`, !loads.program && loads.heavy.length === 0);
      }),
    ],
  },
  {
    // Each minus its one request, which the same round times from a warm process.
    script: 'commands.mjs', args: ['15'],
    rows: (r) => [
      ...['describe', 'list', 'flows', 'stop', 'task'].map((key) => {
        const c = r[key];
        return row(`fnf ${key} (local endpoint), minus the request`, '≤ 1.8 × node -e 0',
          `${x(c.ratio)} (${c.ms} ms, request ${c.requestMs} ms; node ${r.nodeMs} ms; initialises ${c.loads.fnfModules} fnf modules, ${c.loads.packages.join(' ')})`,
          c.ratio <= 1.8);
      }),
      row('floor: Node\'s http makes that describe request, minus it', 'info', `${x(r.floors.http.ratio)} (${r.floors.http.ms} ms)`, null),
      row('floor: pop-core alone, bundled and code-cached as fnf loads it, makes it, minus it', 'info', `${x(r.floors.popCore.ratio)} (${r.floors.popCore.ms} ms)`, null),
    ],
  },
  {
    script: 'first-frame.mjs', args: [RUNS],
    rows: (r) => [
      row('live view of start --wait (pty): header line', 'info', `${x(r.firstFrameRatio)} (${r.firstFrameMs} ms; node ${r.nodeEmptyMs} ms in the same pty)`, null),
      row('live view of start --wait (pty): first frame with a step', '≤ 2.5 × node -e 0',
        `${x(r.firstStepFrameRatio)} (${r.firstStepFrameMs} ms)`, r.firstStepFrameRatio <= 2.5),
      ...(r.baselineStepFrameRatio === undefined ? [] : [row('the same, FNF_BENCH_BASELINE\'s build in the same rounds', 'info',
        `${x(r.baselineStepFrameRatio)} (${r.baselineStepFrameMs} ms)`, null)]),
    ],
  },
  {
    script: 'validate.mjs', args: [RUNS],
    rows: (r) => [row(`fnf flows validate, ${r.files} files of ${r.statesPerFile} states (offline)`, 'info',
      `${x(r.ratio)} (${r.ms} ms; node ${r.nodeMs} ms; ${r.problems} problems found; initialises ${r.loads.packages.join(' ')})`, null)],
  },
  {
    script: 'end-detection.mjs', args: [RUNS],
    rows: (r) => [
      row('CLI exit after a 1 s execution ends', '≤ 100 ms', `${r.oneSecond.exitAfterEndMs.median} ms median, ${r.oneSecond.exitAfterEndMs.max} ms max`,
        r.oneSecond.exitAfterEndMs.median <= 100),
      row(`CLI exit after a 5 min execution ends (×${r.fiveMinutes.timeScale})`, '≤ 100 ms',
        `${r.fiveMinutes.exitAfterEndMs.median} ms median, ${r.fiveMinutes.exitAfterEndMs.max} ms max`, r.fiveMinutes.exitAfterEndMs.median <= 100),
    ],
  },
  {
    script: 'request-budget.mjs', args: [],
    rows: ({ tenMinutes: t, manyWaiters: m }) => [
      row(`requests: start --wait, 10 min (×${t.timeScale}), ${t.events} events`, '≤ 40',
        `${t.requests} (${Object.entries(t.byAction).map(([a, n]) => `${a} ${n}`).join(', ')})`, t.requests <= 40 && t.exitCode === 0),
      row(`${m.processes} × fnf wait, service rate limits`, 'all exit 0, no throttling shown',
        `exit codes ${JSON.stringify(m.exitCodes)}, throttling shown by ${m.throttledShown}; ${m.requests} requests, ${m.throttledAnswers} answered ResourceThrottled`,
        m.allSucceeded && m.throttledShown === 0),
    ],
  },
  {
    script: 'wait-many.mjs', args: ['100'],
    rows: (r) => [row(`one fnf wait --prefix of ${r.executions} executions, service rate limits`, 'all succeed, no throttled answer, exit < 3 s after the last end',
      `exit ${r.exitCode}, ${r.ended} ended; ${r.requests} requests (${Object.entries(r.byAction).map(([a, n]) => `${a} ${n}`).join(', ')}; ${r.requestsPerSecond}/s), `
        + `${r.throttledAnswers} throttled; each end told ${(r.endLagMs.median / 1000).toFixed(1)} s (median), ${(r.endLagMs.max / 1000).toFixed(1)} s (max) after it; `
        + `exit ${(r.exitAfterLastEndMs / 1000).toFixed(1)} s after the last end`,
      r.exitCode === 0 && r.ended === r.executions && r.throttledAnswers === 0 && r.exitAfterLastEndMs < 3000)],
  },
  {
    script: 'watch-memory.mjs', args: [],
    rows: (r) => ['plain', 'liveView'].filter((mode) => r[mode]).map((mode) =>
      row(`peak RSS watching ${r[mode].events} events (${mode === 'plain' ? 'piped' : 'live view'})`, '< 150 MB',
        `${r[mode].peakRssMB} MB`, r[mode].exitCode === 0 && r[mode].peakRssMB < 150)),
  },
  {
    script: 'endpoint-throughput.mjs', args: [],
    rows: (r) => [row(`local endpoint StartExecution/s (${r.concurrency} clients)`, '≥ 1,000/s',
      `${r.startsPerSecond}/s (p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; ${r.startsPerServerCpuSecond} per server CPU-s)`,
      r.startsPerSecond >= 1000 && Object.keys(r.errors).length === 0)],
  },
  {
    script: 'endpoint-memory.mjs', args: [],
    rows: (r) => {
      const mb = r.waitingRssMiB * 1.048576;
      return [row(`local endpoint RSS, ${r.executionsWaiting} executions in Wait`, '< 1 GB',
        `${Math.round(mb)} MB (idle ${Math.round(r.idleRssMiB * 1.048576)} MB; after kill -9: ready in ${r.afterKill9.readyMs} ms, ${Math.round(r.afterKill9.rssMiB * 1.048576)} MB)`,
        mb < 1000 && Object.keys(r.errors).length === 0)];
    },
  },
  {
    script: 'longpoll-latency.mjs', args: [],
    rows: (r) => [row('pending long poll answers after the end', '≤ 10 ms',
      `${r.afterEndMs.p50} ms median, p99 ${r.afterEndMs.p99} ms`, r.afterEndMs.p50 <= 10)],
  },
  {
    script: 'view-cpu.mjs', args: ['10'],
    rows: (r) => [row(`live view CPU during a ${r.waitSeconds} s Wait`, 'info', `${r.liveCpuPercent}% (${r.liveCpuMs} ms; plain ${r.plainCpuMs} ms)`, null)],
  },
  {
    script: 'complete-latency.mjs', args: [RUNS],
    rows: (r) => [row('fnf __complete: command / flow name cold / warm cache', 'info',
      `${x(r.staticCommandMs / r.nodeBareMs)} / ${x(r.flowNameColdCacheMs / r.nodeBareMs)} / ${x(r.flowNameWarmCacheMs / r.nodeBareMs)} of node -e 0${r.loadsInk || r.loadsReact ? '; loads Ink/React' : ''}`, null)],
  },
  {
    script: 'test-runner.mjs', args: ['200'],
    rows: (r) => [row(`fnf test: ${r.cases} cases of a ${r.states}-state flow (Map, Parallel, Retry, 1-day Wait)`, '< 5 s',
      `${(r.ms / 1000).toFixed(2)} s on ${r.threads} thread(s), ${r.cores} cores (--jobs 1: ${(r.serialMs / 1000).toFixed(2)} s); ${r.passed} passed`,
      r.ms < 5000 && r.passed === r.cases)],
  },
  {
    script: 'engine-map.mjs', args: [],
    rows: (r) => [row(`engine: ${r.items}-item Map`, 'info', `${r.events} events in ${r.ms} ms (${r.eventsPerSecond}/s)`, null)],
  },
];

/** Runs one script; resolves to its JSON line, or {error}. */
function runScript({ script, args }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(ROOT, 'bench', script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 1000);
      const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      if (code === 0 && line) return resolve({ seconds, result: JSON.parse(line) });
      const why = stderr.trim().split('\n').find((l) => /error/i.test(l)) ?? stderr.trim().split('\n').at(-1) ?? '';
      resolve({ seconds, error: `exit ${code}: ${why.slice(0, 160)}` });
    });
  });
}

function table(rows) {
  const cells = rows.map((r) => [r.figure, r.goal, r.measured, r.pass === null ? '' : r.pass ? 'pass' : r.pass === false ? 'FAIL' : '—']);
  const head = ['figure', 'goal', 'measured', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim(),
  memoryGB: Math.round(totalmem() / 1e9),
  node: process.version,
  loadAverage: loadavg().map((l) => +l.toFixed(2)),
};
const date = new Date().toISOString();
const rows = [];
const raw = {};
for (const bench of BENCHES.filter((b) => !only || only.some((part) => b.script.includes(part)))) {
  if (!existsSync(join(ROOT, 'bench', bench.script))) {
    rows.push(row(bench.script, '', 'not measured (script missing)', undefined));
    continue;
  }
  process.stderr.write(`bench: ${bench.script} …`);
  const outcome = await runScript(bench);
  process.stderr.write(` ${outcome.seconds} s\n`);
  raw[bench.script] = outcome.result ?? { error: outcome.error };
  if (outcome.error) {
    rows.push(row(bench.script, '', `not measured (${outcome.error})`, undefined));
    continue;
  }
  try {
    rows.push(...bench.rows(outcome.result));
  } catch (err) {
    rows.push(row(bench.script, '', `not measured (unexpected output: ${err.message})`, undefined));
  }
}

const failed = rows.filter((r) => r.pass === false).length;
const summary = `${rows.filter((r) => r.pass === true).length} goals met, ${failed} missed, ${rows.filter((r) => r.pass === undefined).length} not measured`;
console.log(`fnf bench — ${date} — ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, node ${machine.node}, load ${machine.loadAverage.join(' ')}\n`);
console.log(table(rows));
console.log(`\n${summary}`);
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ date, machine, summary, rows, raw }, null, 2)}\n`);
