// `list experiments` (NAME STATUS DURATION REMAINING AGE, NAMESPACE first with -A, as Argo's plugin)
// and `get experiment` (its fields, then its templates and analyses).
import type { ExperimentDetail, ExperimentListRow } from '../../view/experiment-view.ts';
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

export function renderExperiment(detail: ExperimentDetail): string {
  const lines = [
    `Name:            ${detail.name}`,
    `Namespace:       ${detail.namespace}`,
    `Status:          ${detail.status}`,
  ];
  if (detail.message) lines.push(`Message:         ${detail.message}`);
  lines.push(
    `Duration:        ${detail.duration}`,
    `Remaining:       ${detail.remaining}`,
    `Age:             ${detail.age}`,
  );
  lines.push('', 'TEMPLATES:');
  const templates = [['NAME', 'STATUS', 'AVAILABLE', 'SERVICE', 'MESSAGE']];
  for (const t of detail.templates) templates.push([t.name, t.status, t.replicas, t.service, t.message]);
  lines.push(...alignColumns(templates));
  if (detail.analyses.length > 0) {
    lines.push('', 'ANALYSES:');
    const analyses = [['NAME', 'ANALYSISRUN', 'STATUS', 'MESSAGE']];
    for (const a of detail.analyses) analyses.push([a.name, a.run, a.status, a.message]);
    lines.push(...alignColumns(analyses));
  }
  return `${lines.join('\n')}\n`;
}
