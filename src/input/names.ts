// Flow and execution names: the service's naming rule, checked before any
// request, and the name fnf generates when the user gives none.
import { UsageError } from '../errors.js';

export const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const MAX_NAME_LENGTH = 128;

export type NameKind = 'flow' | 'execution' | 'schedule';

export function validateName(kind: NameKind, name: string): string {
  if (NAME_RULE.test(name)) return name;
  const why =
    name === '' ? 'it is empty'
    : name.length > MAX_NAME_LENGTH ? `it is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`
    : !/^[A-Za-z_]/.test(name) ? 'it must start with a letter or _'
    : `'${[...name].find((ch) => !/[A-Za-z0-9_-]/.test(ch))}' is not allowed`;
  return invalid(kind, name, why);
}

function invalid(kind: NameKind, name: string, why: string): never {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  throw new UsageError(
    `invalid ${kind} name "${shown}": ${why}`,
    'Names start with a letter or _, then letters, digits, _ or -; 128 characters at most.',
  );
}

/**
 * `<flow>-<yyyyMMdd-HHmmss>-<random>` in UTC. Made once per `fnf start`, before
 * the first attempt, so a retried StartExecution names the same execution and
 * never starts a second one. A long flow name is shortened; the time and the
 * random part are what make the name unique, so they are kept whole.
 */
export function generateExecutionName(flow: string, nowMs: number, random: () => number = Math.random): string {
  const suffix = `-${compactUtc(nowMs)}-${randomBase36(6, random)}`;
  return `${flow.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
}

function compactUtc(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-02T03:04:05.000Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

function randomBase36(length: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 36).toString(36);
  return out;
}
