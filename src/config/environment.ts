// What the environment says: credentials (ALIBABA_CLOUD_*, ALIBABACLOUD_*,
// ALICLOUD_*; the first variable set wins), region, profile and endpoint.
import type { Env } from '../context.js';

export interface EnvValue {
  value: string;
  /** The variable it came from, for messages. */
  variable: string;
}

const PREFIXES = ['ALIBABA_CLOUD_', 'ALIBABACLOUD_', 'ALICLOUD_'];

export function firstSet(env: Env, variables: readonly string[]): EnvValue | undefined {
  for (const variable of variables) {
    const value = env[variable];
    if (value) return { value, variable };
  }
  return undefined;
}

export interface EnvSettings {
  accessKeyId?: EnvValue;
  accessKeySecret?: EnvValue;
  securityToken?: EnvValue;
  region?: EnvValue;
  profile?: EnvValue;
  endpoint?: EnvValue;
}

export function readEnvironment(env: Env): EnvSettings {
  const withPrefixes = (suffix: string) => PREFIXES.map((p) => p + suffix);
  return {
    accessKeyId: firstSet(env, withPrefixes('ACCESS_KEY_ID')),
    accessKeySecret: firstSet(env, withPrefixes('ACCESS_KEY_SECRET')),
    securityToken: firstSet(env, withPrefixes('SECURITY_TOKEN')),
    region: firstSet(env, ['ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION_ID', 'FNF_REGION']),
    profile: firstSet(env, ['FNF_PROFILE', 'ALIBABA_CLOUD_PROFILE']),
    endpoint: firstSet(env, ['FNF_ENDPOINT']),
  };
}
