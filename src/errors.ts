// One table from failure kind to exit code; every command returns one of these.
export const ExitCode = {
  Ok: 0,
  ExecutionFailed: 1,
  Usage: 2,
  ExecutionTimedOut: 3,
  ExecutionStopped: 4,
  Api: 5,
  Network: 6,
  Timeout: 124,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Something the user typed or supplied is wrong; nothing was sent. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode: ExitCode = ExitCode.Usage;
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** The API answered with an error body (auth, not found, invalid argument…). Exit 5. */
export class FnfError extends Error {
  override name = 'FnfError';
  readonly exitCode: ExitCode = ExitCode.Api;
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly requestId?: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The service could not be reached, or kept refusing (5xx, throttling) after retries. Exit 6. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly exitCode: ExitCode = ExitCode.Network;
  constructor(message: string, readonly code?: string, readonly hint?: string) {
    super(message);
  }
}

/** The user backed out of a question fnf asked (the execution picker). Exit 130, as Ctrl-C. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  readonly exitCode: ExitCode = ExitCode.Interrupted;
  readonly hint?: string;
}

/** The exit code that tells how an execution ended (DESIGN.md's table). */
export function exitCodeForStatus(status: string): ExitCode {
  switch (status) {
    case 'Succeeded':
      return ExitCode.Ok;
    case 'Failed':
      return ExitCode.ExecutionFailed;
    case 'TimedOut':
      return ExitCode.ExecutionTimedOut;
    case 'Stopped':
      return ExitCode.ExecutionStopped;
    default:
      return ExitCode.Ok;
  }
}

const UNREADABLE: Record<string, string> = { ENOENT: 'no such file', ENOTDIR: 'no such file', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'is a directory' };

/** Why a file could not be read, in words (`no such file`), else the system's code. */
export function whyUnreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code && UNREADABLE[code]) ?? code ?? (err as Error).message;
}

/** Why a file could not be written, in words: a file where its directory should be, else as for reading. */
export function whyUnwritable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way of its directory' : whyUnreadable(err);
}
