// Go's text/tabwriter as Argo's plugin configures it (minwidth 5, tabwidth 0, padding 2, spaces):
// each cell but a row's last is padded to its column's widest cell plus two, at least five wide;
// the last cell is written as is.
export function tabWrite(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(0, ...rows.map((row) => row.length - 1));
  const widths: number[] = [];
  for (let column = 0; column < columns; column++)
    widths.push(Math.max(5, ...rows.map((row) => (column < row.length - 1 ? [...(row[column] ?? '')].length + 2 : 0))));
  return rows
    .map((row) =>
      row.map((cell, column) => (column < row.length - 1 ? padEnd(cell, widths[column] ?? 0) : cell)).join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}
