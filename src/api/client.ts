import type { Clock } from '../context.js';
import type { ResolvedProfile } from '../config/resolve.js';
import type { FnfClient } from './types.js';

// PLACEHOLDER: replaced by the helper that owns src/api.
export interface ClientOptions {
  verbose: boolean;
  stderr: NodeJS.WritableStream;
  clock: Clock;
}

export function createClient(_profile: ResolvedProfile, _opts: ClientOptions): FnfClient {
  throw new Error('the API client is not implemented yet');
}
