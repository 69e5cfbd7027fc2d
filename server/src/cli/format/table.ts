/** Styles a cell (of the given row) after padding, so escape codes never skew column widths. */
export type CellStyle = ((text: string, row: number) => string) | undefined;

/**
 * Rows as aligned lines: every column but the last padded to its widest cell,
 * columns separated by two spaces. Widths count UTF-16 units, which is exact
 * for the ASCII that image names, kinds and rule codes are made of.
 */
export function renderTable(rows: readonly (readonly string[])[], styles: readonly CellStyle[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row, rowIndex) => {
    const cells = row.map((cell, column) => {
      const padded = column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
      const styleCell = styles[column];
      return styleCell === undefined ? padded : styleCell(padded, rowIndex);
    });
    return indent + cells.join('  ').trimEnd();
  });
}
