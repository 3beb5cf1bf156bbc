// The one test for "a JSON object" (not null, not an array) that parsed
// documents are checked with: config files, definitions, test files, outputs.
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
