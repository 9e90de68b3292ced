// Aligns rows of cells into columns separated by two spaces, measuring visible width (colours do
// not count). The last cell of a row is never padded, and trailing spaces are dropped.
import { padVisible, visibleWidth } from './ansi.ts';

export interface ColumnOptions {
  /** Minimum width per column (before the two-space gap); missing entries mean 0. */
  minWidths?: number[];
}

const GAP = 2;

export function alignColumns(rows: string[][], options: ColumnOptions = {}): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? options.minWidths?.[index] ?? 0, visibleWidth(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index < row.length - 1 ? padVisible(cell, (widths[index] ?? 0) + GAP) : cell))
      .join('')
      .trimEnd(),
  );
}
