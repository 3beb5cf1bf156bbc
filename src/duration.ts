// The one duration syntax of fnf, for flags (`--timeout`, `--since`), profile
// settings and the `after`/`timeout` of mocks and test files, so a value that
// works in one place works in all.
const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const DURATION = new RegExp(`^(?:${NUMBER}d)?(?:${NUMBER}h)?(?:${NUMBER}m)?(?:${NUMBER}s)?(?:${NUMBER}ms)?$`);
const UNIT_MS = [86_400_000, 3_600_000, 60_000, 1000, 1];

/** `250ms`, `90s`, `2.5s`, `5m`, `1h30m`, `1d` (units largest first) → milliseconds; undefined when the text is none of those. */
export function parseDurationText(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || m.slice(1).every((part) => part === undefined)) return undefined;
  return m.slice(1).reduce((ms, part, i) => ms + Number(part ?? 0) * UNIT_MS[i]!, 0);
}
