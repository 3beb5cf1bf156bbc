// `npm run demo`: a live execution against the embedded local endpoint, no
// account needed. Starts `fnf local serve` on a free port with the example
// flows, runs `fnf start hello --wait` (the live view on a terminal, plain
// lines in CI), then shuts the endpoint down.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fnf = join(root, 'bin', 'fnf.js');
const dataDir = mkdtempSync(join(tmpdir(), 'fnf-demo-'));
const keyId = `demo${randomBytes(6).toString('hex')}`;
const secret = randomBytes(18).toString('base64url');

const server = spawn(process.execPath, [fnf, 'local', 'serve', '--port', '0', '--json',
  '--data', dataDir, '--flows', join(root, 'examples', 'flows'), '--functions', join(root, 'examples', 'functions'),
  '--access-key-id', keyId, '--access-key-secret', secret], { stdio: ['ignore', 'pipe', 'inherit'] });

const ready = await new Promise((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`fnf local serve exited with ${code}`)));
  createInterface({ input: server.stdout }).once('line', (line) => resolve(JSON.parse(line)));
});

const input = JSON.stringify({ name: 'demo', items: [1, 2, 3] });
console.error(`\n$ fnf local serve --flows examples/flows   # listening on ${ready.endpoint}`);
console.error(`$ fnf start hello --input '${input}' --wait\n`);
const cli = spawn(process.execPath, [fnf, 'start', 'hello', '--input', input, '--wait'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    FNF_ENDPOINT: ready.endpoint,
    FNF_REGION: 'cn-hangzhou',
    ALIBABA_CLOUD_ACCESS_KEY_ID: keyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
  },
});
// Ctrl-C reaches the CLI too (same process group); it detaches, and we clean up after it.
process.on('SIGINT', () => undefined);
const code = await new Promise((resolve) => cli.on('exit', (c, sig) => resolve(c ?? (sig ? 130 : 1))));
server.kill('SIGTERM');
await new Promise((resolve) => server.on('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });
process.exitCode = code;
