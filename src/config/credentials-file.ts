// The Alibaba Cloud credentials file shared by the official SDKs
// (~/.alibabacloud/credentials, INI): [name] sections with type access_key
// or sts. Other types (ecs_ram_role, ram_role_arn…) are listed as unsupported.
import { join } from 'node:path';
import type { Env } from '../context.js';
import { UsageError } from '../errors.js';
import { readOptional } from './fnf-files.js';
import type { ConfigSource, ProfileDef } from './types.js';

export function credentialsFile(env: Env, home: string): string {
  return env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(home, '.alibabacloud', 'credentials');
}

function parseIni(file: string, text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = {};
      sections.set(header[1]!.trim(), current);
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 1 || !current) throw new UsageError(`${file}:${i + 1}: expected "[profile]" or "key = value"`);
    current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return sections;
}

function toProfileDef(name: string, s: Record<string, string>): ProfileDef {
  const type = s.type || s.enable_type || 'access_key';
  const def: ProfileDef = { name, region: s.region_id || undefined };
  if (type === 'access_key' || type === 'sts') {
    def.accessKeyId = s.access_key_id || undefined;
    def.accessKeySecret = s.access_key_secret || undefined;
    if (type === 'sts') def.securityToken = s.security_token || undefined;
  } else {
    def.unsupported = `credentials type ${type}`;
  }
  return def;
}

export async function readCredentialsFile(env: Env, home: string): Promise<ConfigSource | undefined> {
  const file = credentialsFile(env, home);
  const content = await readOptional(file);
  if (content === undefined) return undefined;
  const profiles = [...parseIni(file, content)].map(([name, section]) => toProfileDef(name, section));
  return { kind: 'credentials', path: file, profiles };
}
