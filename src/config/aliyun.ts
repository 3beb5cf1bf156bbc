// Profiles of the `aliyun` CLI (~/.aliyun/config.json), read in its own
// format. fnf can sign with modes AK and StsToken; other modes (RamRoleArn,
// EcsRamRole…) are listed but marked unsupported.
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readOptional } from './fnf-files.js';
import { parseJsonFile } from './parse.js';
import type { ConfigSource, ProfileDef } from './types.js';

interface AliyunProfile {
  name?: unknown;
  mode?: unknown;
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
  region_id?: unknown;
}

export function aliyunConfigFile(home: string): string {
  return join(home, '.aliyun', 'config.json');
}

/** aliyun writes "" for fields a profile does not use. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toProfileDef(p: AliyunProfile): ProfileDef {
  const mode = text(p.mode) ?? 'AK';
  const def: ProfileDef = { name: String(p.name), region: text(p.region_id) };
  if (mode === 'AK' || mode === 'StsToken') {
    def.accessKeyId = text(p.access_key_id);
    def.accessKeySecret = text(p.access_key_secret);
    if (mode === 'StsToken') def.securityToken = text(p.sts_token);
  } else {
    def.unsupported = `aliyun mode ${mode}`;
  }
  return def;
}

export async function readAliyunConfig(home: string): Promise<ConfigSource | undefined> {
  const file = aliyunConfigFile(home);
  const content = await readOptional(file);
  if (content === undefined) return undefined;
  const raw = parseJsonFile(file, content) as { current?: unknown; profiles?: unknown };
  if (typeof raw !== 'object' || raw === null || (raw.profiles !== undefined && !Array.isArray(raw.profiles))) {
    throw new UsageError(`${file}: expected {"current": ..., "profiles": [...]}`);
  }
  const profiles = ((raw.profiles ?? []) as AliyunProfile[]).filter((p) => text(p?.name)).map(toProfileDef);
  return { kind: 'aliyun', path: file, defaultProfile: text(raw.current), profiles };
}
