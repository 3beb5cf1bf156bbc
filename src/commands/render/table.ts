// Aligned plain-text tables for list, flows and describe --history.

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
