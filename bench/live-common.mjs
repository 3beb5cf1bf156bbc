// Shared by the live-view benchmarks: a local endpoint with a Wait flow, and
// the built CLI run under a pseudo-terminal (util-linux `script`), so the live
// view renders exactly as it does for a person at a terminal.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FNF = join(ROOT, 'bin', 'fnf.js');
const KEY_ID = 'LTAIbenchLive0000001';
const KEY_SECRET = 'bench-live-secret-0123456789';
const WAIT_FLOW = 'Type: StateMachine\nSpecVersion: v1\nName: wait_flow\nStartAt: pause\nStates:\n  - Type: Wait\n    Name: pause\n    Seconds.$: $Input.seconds\n    End: true\n';

export async function startEndpoint() {
  const flows = mkdtempSync(join(tmpdir(), 'fnf-bench-live-flows-'));
  writeFileSync(join(flows, 'wait_flow.yaml'), WAIT_FLOW);
  const child = spawn(process.execPath, [FNF, 'local', 'serve', '--port', '0', '--json', '--no-rate-limits',
    '--data', mkdtempSync(join(tmpdir(), 'fnf-bench-live-data-')), '--flows', flows,
    '--access-key-id', KEY_ID, '--access-key-secret', KEY_SECRET], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    child.on('exit', (code) => reject(new Error(`fnf local serve exited with ${code}`)));
  });
  return {
    env: {
      PATH: process.env.PATH,
      HOME: mkdtempSync(join(tmpdir(), 'fnf-bench-home-')),
      TERM: 'xterm-256color',
      FNF_ENDPOINT: ready.endpoint,
      FNF_REGION: 'cn-hangzhou',
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY_SECRET,
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/**
 * Runs argv under a pseudo-terminal (100 columns). Resolves with the exit code
 * and the ms from spawn to the first output that `isFrame` accepts (ANSI stripped).
 */
export function runInPty(argv, env, isFrame = (text) => text.trim() !== '') {
  const started = performance.now();
  const command = `stty cols 100 rows 30 2>/dev/null; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  let firstFrameMs;
  child.stdout.setEncoding('utf8').on('data', (d) => {
    output += d;
    if (firstFrameMs === undefined && isFrame(stripAnsi(output))) firstFrameMs = performance.now() - started;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, firstFrameMs, ms: performance.now() - started, output })));
}

export function stripAnsi(s) {
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, '');
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
