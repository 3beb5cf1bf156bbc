// JSON as fnf prints it: pretty for one document, one line for ndjson, and
// only what --query selects when there is one.
import type { OutputMode } from '../context.js';
import type { Query } from './query.js';

export function jsonText(value: unknown, mode: Exclude<OutputMode, 'text'>, query?: Query): string {
  const shown = query ? query.apply(value) : value;
  return `${mode === 'ndjson' ? JSON.stringify(shown) : JSON.stringify(shown, null, 2)}\n`;
}
