// Runs a command under a pseudo-terminal (util-linux `script`), so the live
// view renders exactly as it does for a person at a terminal.
import { spawn } from 'node:child_process';

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function stripAnsi(s) {
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, '');
}

/**
 * Runs argv on a `columns` × `rows` terminal. Resolves with the exit code, the
 * output, the ms from spawn to exit, and the ms to the first output that
 * `isFrame` accepts (ANSI stripped).
 */
export function runInPty(argv, { env, columns = 100, rows = 30, isFrame = (text) => text.trim() !== '' } = {}) {
  const started = performance.now();
  const command = `stty cols ${columns} rows ${rows} 2>/dev/null; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  let firstFrameMs;
  child.stdout.setEncoding('utf8').on('data', (d) => {
    output += d;
    if (firstFrameMs === undefined && isFrame(stripAnsi(output))) firstFrameMs = performance.now() - started;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, firstFrameMs, ms: performance.now() - started, output })));
}
