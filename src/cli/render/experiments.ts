// `list experiments`: NAME STATUS DURATION REMAINING AGE, NAMESPACE first with -A, as Argo's plugin
// (`get experiment` draws a tree: experiment-tree.ts).
import type { ExperimentListRow } from '../../view/experiment-view.ts';
import { alignColumns } from './columns.ts';

export function renderExperimentList(rows: ExperimentListRow[], allNamespaces: boolean): string {
  const header = ['NAME', 'STATUS', 'DURATION', 'REMAINING', 'AGE'];
  const table = [allNamespaces ? ['NAMESPACE', ...header] : header];
  for (const row of rows) {
    const cells = [row.name, row.status, row.duration, row.remaining, row.age];
    table.push(allNamespaces ? [row.namespace, ...cells] : cells);
  }
  return `${alignColumns(table).join('\n')}\n`;
}
