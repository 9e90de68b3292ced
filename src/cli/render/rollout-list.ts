// `list rollouts`: NAME STRATEGY STATUS STEP SET-WEIGHT READY DESIRED UP-TO-DATE AVAILABLE, with
// NAMESPACE first for `-A`, laid out as `kubectl argo rollouts list rollouts` prints it.
import type { RolloutListRow } from '../../view/list-row.ts';
import { alignColumns } from './columns.ts';

export interface ListOptions {
  allNamespaces?: boolean;
  /** Print the header line (`list -w` prints it once, then only rows that changed). */
  header?: boolean;
  /** `--timestamps`: a TIMESTAMP column first, with this value in every row. */
  timestamp?: string | undefined;
}

const headers = ['NAME', 'STRATEGY', 'STATUS', 'STEP', 'SET-WEIGHT', 'READY', 'DESIRED', 'UP-TO-DATE', 'AVAILABLE'];
// Values are padded to about their header's width, so that rows printed one by one under `-w`
// still line up with the header.
const minWidths = [10, 9, 12, 4, 10, 5, 7, 10, 9];
const NAMESPACE_MIN_WIDTH = 9;
const TIMESTAMP_WIDTH = 20;

export function renderRolloutList(rows: RolloutListRow[], options: ListOptions = {}): string {
  const table: string[][] = [];
  const withTimestamp = (cells: string[], timestamp: string) =>
    options.timestamp === undefined ? cells : [timestamp, ...cells];
  const withNamespace = (cells: string[], namespace: string) => (options.allNamespaces ? [namespace, ...cells] : cells);
  if (options.header ?? true) table.push(withTimestamp(withNamespace(headers, 'NAMESPACE'), 'TIMESTAMP'));
  for (const row of rows) {
    const cells = [
      row.name,
      row.strategy,
      row.status.text,
      row.step,
      row.setWeight,
      row.ready,
      String(row.desired),
      String(row.upToDate),
      String(row.available),
    ];
    table.push(withTimestamp(withNamespace(cells, row.namespace), options.timestamp ?? ''));
  }
  if (table.length === 0) return '';
  const withoutTimestamp = options.allNamespaces ? [NAMESPACE_MIN_WIDTH, ...minWidths] : minWidths;
  const widths = options.timestamp === undefined ? withoutTimestamp : [TIMESTAMP_WIDTH, ...withoutTimestamp];
  return `${alignColumns(table, { minWidths: widths }).join('\n')}\n`;
}
