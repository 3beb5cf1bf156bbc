// Profiles as fnf reads them from every place they can live, before the
// precedence rules of plan.ts pick one and resolve.ts fetches its secrets.
import type { OutputMode } from '../context.js';

export type { OutputMode };

/** One named profile as one source declares it; every field optional. */
export interface ProfileDef {
  name: string;
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** The name of an environment variable that holds the secret. */
  accessKeySecretEnv?: string;
  securityToken?: string;
  /** A shell command that prints {accessKeyId, accessKeySecret, securityToken} as JSON. */
  credentialProcess?: string;
  /** A JSON file with {accessKeyId, accessKeySecret} (the built-in `local` profile). */
  keyFile?: string;
  output?: OutputMode;
  timeout?: string;
  /** Why fnf cannot use this profile's credentials ("mode RamRoleArn"), when it cannot. */
  unsupported?: string;
}

export type SourceKind = 'project' | 'user' | 'aliyun' | 'credentials' | 'built-in';

export interface ConfigSource {
  kind: SourceKind;
  /** The file, or "built-in". */
  path: string;
  /** defaultProfile of an fnf file, `current` of the aliyun config. */
  defaultProfile?: string;
  profiles: ProfileDef[];
}

export function hasCredentials(def: ProfileDef): boolean {
  return Boolean(def.accessKeyId || def.accessKeySecret || def.accessKeySecretEnv || def.securityToken
    || def.credentialProcess || def.keyFile || def.unsupported);
}

export function holdsSecrets(source: ConfigSource): boolean {
  return source.profiles.some((p) => p.accessKeySecret || p.securityToken);
}

export function defaultEndpoint(region: string): string {
  return `https://${region}.fnf.aliyuncs.com`;
}
