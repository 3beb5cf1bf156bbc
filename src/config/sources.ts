// Every place a profile can come from, highest precedence first. The
// environment and flags are not sources of named profiles; plan.ts layers
// them on top.
import type { Ctx } from '../context.js';
import { LOCAL_DEFAULT_ENDPOINT, localCredentialsFile, localDataDir } from '../paths.js';
import { readAliyunConfig } from './aliyun.js';
import { readCredentialsFile } from './credentials-file.js';
import { findProjectConfig, readUserConfig } from './fnf-files.js';
import { warnIfReadableByOthers } from './permissions.js';
import { holdsSecrets, type ConfigSource } from './types.js';

export const LOCAL_PROFILE = 'local';

export function builtInSource(ctx: Pick<Ctx, 'env' | 'home'>): ConfigSource {
  return {
    kind: 'built-in',
    path: 'built-in',
    profiles: [{
      name: LOCAL_PROFILE,
      region: 'cn-hangzhou',
      endpoint: LOCAL_DEFAULT_ENDPOINT,
      keyFile: localCredentialsFile(localDataDir(ctx.env, ctx.home)),
    }],
  };
}

export async function loadSources(ctx: Pick<Ctx, 'env' | 'home' | 'cwd' | 'io'>): Promise<ConfigSource[]> {
  const found = await Promise.all([
    findProjectConfig(ctx.cwd, ctx.home),
    readUserConfig(ctx.env, ctx.home),
    readAliyunConfig(ctx.home),
    readCredentialsFile(ctx.env, ctx.home),
  ]);
  const sources = found.filter((s): s is ConfigSource => s !== undefined);
  for (const source of sources) {
    if (holdsSecrets(source)) warnIfReadableByOthers(source.path, ctx.io.stderr);
  }
  return [...sources, builtInSource(ctx)];
}
