// Which profile applies and where each of its settings comes from, without
// reading any secret yet: `fnf profiles` shows this plan, resolve.ts carries
// it out. Precedence, highest first: flags, environment, the project file,
// the user file, the aliyun config, the credentials file, the built-in
// `local`. A typed --profile also sets aside credentials from the
// environment: the user named the profile whose keys they want.
import type { Env, GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { readEnvironment, type EnvValue } from './environment.js';
import { userConfigFile } from './fnf-files.js';
import { defaultEndpoint, hasCredentials, type ConfigSource, type OutputMode, type ProfileDef } from './types.js';

export interface Selection {
  name: string;
  /** Why this name: "--profile", "FNF_PROFILE", "defaultProfile in <file>"… */
  reason: string;
  /** Chosen on purpose, so a missing profile is an error (the implicit "default" may be absent). */
  mustExist: boolean;
}

export interface Located {
  def: ProfileDef;
  source: ConfigSource;
}

export type CredentialPlan =
  | { from: 'flags' | 'environment'; label: string; accessKeyId: string; accessKeySecret: string; securityToken?: string }
  | ({ from: 'profile'; label: string } & Located);

export interface Setting<T = string> {
  value: T;
  from: string;
}

export interface Plan {
  /** The profile name, or "(flags)" / "(environment)" when no named profile applies. */
  name: string;
  /** Where the profile is defined (highest source), or "flags" / "environment". */
  source: string;
  /** Why this profile applies. */
  reason: string;
  selection: Selection;
  /** Every definition of the selected name, highest precedence first. */
  defs: Located[];
  credentials: CredentialPlan;
  region?: Setting;
  endpoint: Setting;
  output?: Setting<OutputMode>;
  timeout?: Setting;
}

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export function selectProfile(globals: GlobalOptions, env: Env, sources: ConfigSource[]): Selection {
  if (globals.profile) return { name: globals.profile, reason: '--profile', mustExist: true };
  const fromEnv = readEnvironment(env).profile;
  if (fromEnv) return { name: fromEnv.value, reason: fromEnv.variable, mustExist: true };
  for (const source of sources) {
    if (source.defaultProfile) {
      const key = source.kind === 'aliyun' ? 'current' : 'defaultProfile';
      return { name: source.defaultProfile, reason: `${key} in ${source.path}`, mustExist: true };
    }
  }
  return { name: 'default', reason: 'the default profile name', mustExist: false };
}

function explicitPair(
  from: 'flags' | 'environment',
  id: EnvValue | undefined,
  secret: EnvValue | undefined,
  token: EnvValue | undefined,
): CredentialPlan | undefined {
  if (!id && !secret && !token) return undefined;
  if (!id || !secret) {
    const given = [id, secret, token].filter(Boolean).map((v) => v!.variable).join(' and ');
    throw new UsageError(`${given} ${given.includes(' and ') ? 'are' : 'is'} set without ${id ? 'a secret' : 'an AccessKey ID'}`,
      from === 'flags' ? 'pass --access-key-id and --access-key-secret together' : 'set both the AccessKey ID and secret variables, or neither');
  }
  return { from, label: from === 'flags' ? '--access-key-id' : id.variable, accessKeyId: id.value, accessKeySecret: secret.value, securityToken: token?.value };
}

function flag(value: string | undefined, name: string): EnvValue | undefined {
  return value ? { value, variable: name } : undefined;
}

export function listProfiles(sources: ConfigSource[]): string {
  return sources.flatMap((s) => s.profiles.map((p) => `${p.name} (${s.path})`)).join(', ');
}

export function noCredentialsHint(env: Env, home: string): string {
  return [
    'configure credentials in one of these ways:',
    `  a profile in ${userConfigFile(env, home)} or .fnfrc.yaml (accessKeyId + accessKeySecretEnv, see \`fnf profiles\`)`,
    '  ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment',
    '  `aliyun configure`, whose profiles fnf reads',
    '  --profile local, to use `fnf local serve` on this machine',
  ].join('\n');
}

function firstSetting<K extends 'region' | 'endpoint' | 'output' | 'timeout'>(defs: Located[], key: K): Setting<NonNullable<ProfileDef[K]>> | undefined {
  const found = defs.find((d) => d.def[key] !== undefined);
  return found ? { value: found.def[key]!, from: found.source.path } : undefined;
}

export function planProfile(globals: GlobalOptions, env: Env, home: string, sources: ConfigSource[]): Plan {
  const selection = selectProfile(globals, env, sources);
  const defs = sources.flatMap((source) => source.profiles.filter((p) => p.name === selection.name).map((def) => ({ def, source })));
  if (selection.mustExist && defs.length === 0) {
    throw new UsageError(`profile "${selection.name}" (from ${selection.reason}) does not exist`, `profiles found: ${listProfiles(sources)}`);
  }
  const e = readEnvironment(env);
  const fromFlags = explicitPair('flags', flag(globals.accessKeyId, '--access-key-id'),
    flag(globals.accessKeySecret, '--access-key-secret'), flag(globals.securityToken, '--security-token'));
  const fromEnv = globals.profile ? undefined : explicitPair('environment', e.accessKeyId, e.accessKeySecret, e.securityToken);
  const withKeys = defs.find((d) => hasCredentials(d.def));
  const credentials: CredentialPlan | undefined = fromFlags ?? fromEnv
    ?? (withKeys && { from: 'profile', label: withKeys.source.path, ...withKeys });
  if (!credentials) throw new UsageError('no credentials found', noCredentialsHint(env, home));
  if (credentials.from === 'profile' && credentials.def.unsupported) {
    throw new UsageError(`profile "${credentials.def.name}" (${credentials.source.path}) uses ${credentials.def.unsupported}, which fnf cannot sign with`,
      'use an AccessKey pair (aliyun mode AK or StsToken), accessKeySecretEnv, or credentialProcess');
  }

  const region = (globals.region && { value: globals.region, from: '--region' })
    || (e.region && { value: e.region.value, from: e.region.variable })
    || firstSetting(defs, 'region');
  if (region && !REGION.test(region.value)) throw new UsageError(`region "${region.value}" (from ${region.from}) is not a region ID such as cn-hangzhou`);
  const endpoint = (globals.endpoint && { value: globals.endpoint, from: '--endpoint' })
    || (e.endpoint && { value: e.endpoint.value, from: e.endpoint.variable })
    || firstSetting(defs, 'endpoint')
    || (region && { value: defaultEndpoint(region.value), from: `region ${region.value}` });
  if (!endpoint) {
    throw new UsageError('no region set', 'pass --region, set ALIBABA_CLOUD_REGION_ID, or add region: to the profile');
  }
  if (!/^https?:\/\/[^/\s]+\/?$/.test(endpoint.value)) {
    throw new UsageError(`endpoint "${endpoint.value}" (from ${endpoint.from}) is not an http:// or https:// URL without a path`);
  }
  const named = defs[0];
  return {
    name: named ? selection.name : credentials.from === 'flags' ? '(flags)' : '(environment)',
    source: named ? named.source.path : credentials.from,
    reason: named ? selection.reason : `credentials given by ${credentials.label}`,
    selection,
    defs,
    credentials,
    region,
    endpoint: { ...endpoint, value: endpoint.value.replace(/\/$/, '') },
    output: firstSetting(defs, 'output'),
    timeout: firstSetting(defs, 'timeout'),
  };
}
