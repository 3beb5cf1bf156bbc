// GlobalOptions + ctx → the one profile a command runs with, secrets fetched
// (environment variable, credential process, local key file) and registered
// for redaction the moment they are known.
import { readFileSync } from 'node:fs';
import type { Ctx, GlobalOptions, OutputMode } from '../context.js';
import { UsageError } from '../errors.js';
import { registerSecret } from '../redact.js';
import { runCredentialProcess, type KeyPair } from './credential-process.js';
import { planProfile, type CredentialPlan, type Located } from './plan.js';
import { loadSources } from './sources.js';

export interface ResolvedProfile {
  /** Profile name ("default", "local", "dev"…) or "(flags)" / "(environment)". */
  name: string;
  /** Where it came from: a file path, "environment", "flags", "built-in". */
  source: string;
  region: string;
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  output?: OutputMode;
  /** Default --timeout, as written in the profile ("10m"). */
  timeout?: string;
  /** Why this profile applies ("--profile", "FNF_PROFILE", "defaultProfile in <file>"…). */
  reason?: string;
  /** Where the key pair came from ("--access-key-id", "ALIBABA_CLOUD_ACCESS_KEY_ID", a file). */
  credentialsFrom?: string;
}

export async function resolveProfile(globals: GlobalOptions, ctx: Ctx): Promise<ResolvedProfile> {
  const sources = await loadSources(ctx);
  const plan = planProfile(globals, ctx.env, ctx.home, sources);
  const pair = await fetchKeyPair(plan.credentials, ctx);
  registerSecret(pair.accessKeySecret);
  registerSecret(pair.securityToken);
  return {
    name: plan.name,
    source: plan.source,
    region: plan.region?.value ?? '',
    endpoint: plan.endpoint.value,
    ...pair,
    output: plan.output?.value,
    timeout: plan.timeout?.value,
    reason: plan.reason,
    credentialsFrom: plan.credentials.label,
  };
}

async function fetchKeyPair(plan: CredentialPlan, ctx: Ctx): Promise<KeyPair> {
  if (plan.from !== 'profile') return { accessKeyId: plan.accessKeyId, accessKeySecret: plan.accessKeySecret, securityToken: plan.securityToken };
  return fromProfile(plan, ctx);
}

async function fromProfile({ def, source }: Located, ctx: Ctx): Promise<KeyPair> {
  const what = `profile "${def.name}" (${source.path})`;
  if (def.credentialProcess) return runCredentialProcess(def.credentialProcess, { env: ctx.env, cwd: ctx.cwd, what });
  if (def.keyFile) return readKeyFile(def.keyFile);
  const secret = def.accessKeySecretEnv ? ctx.env[def.accessKeySecretEnv] : def.accessKeySecret;
  if (def.accessKeySecretEnv && !secret) {
    throw new UsageError(`${what} reads its secret from $${def.accessKeySecretEnv}, which is not set`);
  }
  if (!def.accessKeyId || !secret) {
    throw new UsageError(`${what} needs both accessKeyId and accessKeySecret (or accessKeySecretEnv, or credentialProcess)`);
  }
  return { accessKeyId: def.accessKeyId, accessKeySecret: secret, securityToken: def.securityToken };
}

async function readKeyFile(file: string): Promise<KeyPair> {
  let raw: Partial<KeyPair>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyPair>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError('the local endpoint has no key pair yet: run `fnf local serve` first', `(looked for ${file})`);
    }
    throw new UsageError(`cannot read the local key pair in ${file}: ${(err as Error).message}`);
  }
  if (typeof raw.accessKeyId !== 'string' || typeof raw.accessKeySecret !== 'string') {
    throw new UsageError(`${file} does not hold {"accessKeyId", "accessKeySecret"}`, 'delete it and run `fnf local serve` again');
  }
  return { accessKeyId: raw.accessKeyId, accessKeySecret: raw.accessKeySecret };
}
