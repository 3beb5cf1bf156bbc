// `credentialProcess: "cmd"`: a command that prints a key pair as JSON, so
// secrets can live in a password manager or come from an STS broker.
import { builtin } from '../builtin.js';
import type { Env } from '../context.js';
import { UsageError } from '../errors.js';
import { redact } from '../redact.js';

export interface KeyPair {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

const TIMEOUT_MS = 30_000;

export function runCredentialProcess(command: string, opts: { env: Env; cwd: string; what: string }): Promise<KeyPair> {
  const fail = (why: string) => new UsageError(`credentialProcess of ${opts.what} ${why}`, `the command was: ${command}`);
  return new Promise((resolve, reject) => {
    const { spawn } = builtin<typeof import('node:child_process')>('node:child_process');
    const child = spawn(command, { shell: true, cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(fail(`could not start: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const last = stderr.trim().split('\n').pop() ?? '';
        return reject(fail(`failed (${signal ?? `exit ${code}`})${last ? `: ${redact(last)}` : ''}`));
      }
      try {
        resolve(toKeyPair(JSON.parse(stdout)));
      } catch {
        reject(fail('did not print {"accessKeyId", "accessKeySecret", "securityToken"} as JSON'));
      }
    });
  });
}

/** camelCase as documented; PascalCase as the STS API and aliyun's External mode spell it. */
function toKeyPair(raw: Record<string, unknown>): KeyPair {
  const pick = (...keys: string[]) => keys.map((k) => raw[k]).find((v): v is string => typeof v === 'string' && v !== '');
  const accessKeyId = pick('accessKeyId', 'AccessKeyId', 'access_key_id');
  const accessKeySecret = pick('accessKeySecret', 'AccessKeySecret', 'access_key_secret');
  if (!accessKeyId || !accessKeySecret) throw new Error('incomplete');
  return { accessKeyId, accessKeySecret, securityToken: pick('securityToken', 'SecurityToken', 'sts_token') };
}
