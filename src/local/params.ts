// Reading and validating action parameters. Every fault becomes a
// ServiceError with the code and status the service answers with.
import { ServiceError } from './types.js';
import { NAME_RULE } from '../input/names.js';

export type Params = Readonly<Record<string, string>>;

/** One event's data (an Input or Output): 64 KiB, as in CloudFlow. */
const MAX_DATA_BYTES = 64 * 1024;

export function required(params: Params, key: string): string {
  const value = params[key];
  if (value === undefined || value === '') {
    throw new ServiceError('MissingRequiredParams', `The required parameter "${key}" is missing.`);
  }
  return value;
}

export function optional(params: Params, key: string): string | undefined {
  const value = params[key];
  return value === '' ? undefined : value;
}

export function checkName(value: string, key: string): string {
  if (!NAME_RULE.test(value)) {
    throw new ServiceError(
      'InvalidArgument',
      `${key} "${value}" is invalid: it must match ${NAME_RULE.source}.`,
    );
  }
  return value;
}

export function requiredName(params: Params, key: string): string {
  return checkName(required(params, key), key);
}

export function optionalInt(params: Params, key: string, min: number, max: number): number | undefined {
  const raw = optional(params, key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ServiceError('InvalidArgument', `${key} "${raw}" is invalid: it must be an integer from ${min} to ${max}.`);
  }
  return value;
}

export function optionalBool(params: Params, key: string): boolean {
  const raw = optional(params, key);
  if (raw === undefined) return false;
  if (raw !== 'true' && raw !== 'false') {
    throw new ServiceError('InvalidArgument', `${key} "${raw}" is invalid: it must be true or false.`);
  }
  return raw === 'true';
}

export function optionalTime(params: Params, key: string): number | undefined {
  const raw = optional(params, key);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d\d-\d\dT/.test(raw) || Number.isNaN(ms)) {
    throw new ServiceError('InvalidArgument', `${key} "${raw}" is invalid: it must be an RFC 3339 time.`);
  }
  return ms;
}

export function optionalLength(params: Params, key: string, min: number, max: number): string | undefined {
  const value = optional(params, key);
  if (value !== undefined && (value.length < min || value.length > max)) {
    throw new ServiceError('InvalidArgument', `${key} is invalid: it must be ${min} to ${max} characters long.`);
  }
  return value;
}

/** Input/Output: a JSON object as text, at most 64 KiB. Absent → "{}". */
export function jsonObject(params: Params, key: string, { optional: isOptional }: { optional: boolean }): string {
  const raw = isOptional ? optional(params, key) : required(params, key);
  if (raw === undefined) return '{}';
  if (Buffer.byteLength(raw) > MAX_DATA_BYTES) {
    throw new ServiceError('EntityTooLarge', `${key} is larger than ${MAX_DATA_BYTES / 1024} KiB.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ServiceError('InvalidArgument', `${key} is not valid JSON: ${(err as Error).message}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ServiceError('InvalidArgument', `${key} must be a JSON object.`);
  }
  return raw;
}

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
