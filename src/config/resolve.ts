import type { Ctx, GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';

// PLACEHOLDER: replaced by the helper that owns src/config.
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
  output?: 'text' | 'json' | 'ndjson';
  /** Default --timeout, as written in the profile ("10m"). */
  timeout?: string;
}

export async function resolveProfile(_globals: GlobalOptions, _ctx: Ctx): Promise<ResolvedProfile> {
  throw new UsageError('profiles are not implemented yet');
}
