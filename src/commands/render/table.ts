// Aligned plain text: tables for list, flows and describe --history; label and value lines for flows show and schedules.

export interface TableOptions {
  /** Colours a cell after padding, so escape codes don't upset the alignment. */
  style?: (column: number, cell: string, padded: string) => string;
  indent?: string;
}

export function renderTable(header: string[], rows: string[][], opts: TableOptions = {}): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const last = header.length - 1;
  const line = (row: string[], isHeader: boolean) =>
    (opts.indent ?? '') +
    row
      // A field a broken answer left out is an empty cell.
      .map((cell = '', col) => {
        const padded = col === last ? cell : cell.padEnd(widths[col]!);
        return isHeader || !opts.style ? padded : opts.style(col, cell, padded);
      })
      .join('  ')
      .trimEnd();
  return [line(header, true), ...rows.map((row) => line(row, false))].join('\n') + '\n';
}

/** `Label:` and value lines, the values aligned, leaving out the fields without one (flows show, schedules). */
export function renderFields(fields: ReadonlyArray<readonly [string, string | undefined]>): string {
  return fields.filter(([, v]) => v).map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n');
}
