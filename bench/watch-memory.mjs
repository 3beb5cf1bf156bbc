// Peak RSS of the CLI while it watches an execution that records about 5,000
// history events (a Map over 1,246 items; each iteration waits 0–5 s, so events
// arrive while the CLI watches), piped (plain lines) and on a terminal (the
// live view, through `script`'s pty). Peak RSS comes from /usr/bin/time, else
// from polling VmHWM in /proc. Prints one JSON line (MB = 10^6 bytes).
// Usage: node bench/watch-memory.mjs
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, snapshotCli, spawnTimed } from './lib/cli.mjs';
import { startEndpoint, stateMachine } from './lib/endpoint.mjs';
import { statusKb } from './lib/proc.mjs';
import { runInPty } from './lib/pty.mjs';
import { round } from './lib/stats.mjs';

const ITEMS = 1246; // 4 events per iteration + 5 around the Map: 4,989 events
const TIME_SCALE = 2;
const bin = snapshotCli();
const flow = stateMachine('many_events', `  - Type: Map
    Name: each
    ItemsPath: $Input.items
    End: true
    Processor:
      StartAt: pause
      States:
        - Type: Wait
          Name: pause
          Seconds.$: $Input.d
          End: true
`);
const input = join(scratchDir('input'), 'input.json');
writeFileSync(input, JSON.stringify({ items: Array.from({ length: ITEMS }, (_, n) => ({ d: n % 6 })) }));
const server = await startEndpoint(bin, { flows: { many_events: flow }, timeScale: TIME_SCALE });
const env = server.cliEnv();
const GNU_TIME = '/usr/bin/time';

const peakOf = (text) => (Number(/PEAK_RSS_KB=(\d+)/.exec(text)?.[1]) * 1024) / 1e6;

/** Peak RSS (MB) of `node bin ...args`, piped. */
async function piped(args) {
  if (!existsSync(GNU_TIME)) return pollPeak(args);
  const res = await spawnTimed(GNU_TIME, ['-f', 'PEAK_RSS_KB=%M', process.execPath, bin, ...args], { env });
  return { code: res.code, peakMB: peakOf(res.stderr) };
}

async function pollPeak(args) {
  let peakKb = 0;
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: 'ignore' });
  const timer = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, statusKb(child.pid, 'VmHWM'));
    } catch {
      // gone between two polls
    }
  }, 20);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  return { code, peakMB: (peakKb * 1024) / 1e6 };
}

/** Peak RSS (MB) on a terminal: the CLI under `script`'s pty, wrapped in GNU time. */
async function onTerminal(args) {
  const res = await runInPty([GNU_TIME, '-f', 'PEAK_RSS_KB=%M', process.execPath, bin, ...args],
    { env: { ...env, TERM: 'xterm-256color', COLUMNS: '100', LINES: '40' }, rows: 40 });
  return { code: res.code, peakMB: peakOf(res.output) };
}

const result = { bench: 'watch-memory', items: ITEMS, timeScale: TIME_SCALE };
const modes = { plain: piped, ...(existsSync(GNU_TIME) && existsSync('/usr/bin/script') ? { liveView: onTerminal } : {}) };
for (const [mode, measure] of Object.entries(modes)) {
  const name = `watched_${mode}`;
  const m = await measure(['start', 'many_events', '--name', name, '--input', `@${input}`, '--wait']);
  const history = await server.client().request('GetExecutionHistory', { FlowName: 'many_events', ExecutionName: name, Limit: 1000 });
  let events = history.Events.length;
  for (let token = history.NextToken; token;) {
    const page = await server.client().request('GetExecutionHistory', { FlowName: 'many_events', ExecutionName: name, Limit: 1000, NextToken: token });
    events += page.Events.length;
    token = page.NextToken;
  }
  result[mode] = { exitCode: m.code, events, peakRssMB: round(m.peakMB) };
}
await server.stop();
console.log(JSON.stringify(result));
