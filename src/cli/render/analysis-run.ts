// `get analysisrun NAME`: the run's header, then each metric with its settings and a table of
// its measurements (oldest first).
import type { AnalysisRunDetailView, MetricView } from '../../view/analysis-run-detail.ts';
import { paint } from './ansi.ts';
import { alignColumns } from './columns.ts';
import { nameColourForPhase } from './glyphs.ts';
import { analysisCountsText } from './analysis-counts.ts';
import { finish, labelled, statusText, type RenderOptions } from './layout.ts';

export function renderAnalysisRun(view: AnalysisRunDetailView, options: RenderOptions): string {
  const { color } = options;
  const lines = [
    labelled('Name:', paint(view.name, nameColourForPhase(view.status.text), color)),
    labelled('Namespace:', view.namespace ?? ''),
  ];
  lines.push(labelled('Status:', statusText(view.status, color)));
  if (view.message) lines.push(labelled('Message:', view.message));
  if (view.owner) lines.push(labelled(`${view.owner.kind}:`, view.owner.name));
  if (view.revision > 0) lines.push(labelled('Revision:', String(view.revision)));
  lines.push(labelled('Age:', view.age));
  lines.push(labelled('Measurements:', analysisCountsText(view.counts, color, ', ') || 'none yet'));
  for (const metric of view.metrics) lines.push('', ...metricLines(metric, color));
  return finish(lines, options);
}

function metricLines(metric: MetricView, color: boolean): string[] {
  const title = `Metric: ${metric.name}${metric.dryRun ? ' (dry run)' : ''}`;
  const lines = [
    title,
    labelled('  Provider:', metric.provider),
    labelled('  Status:', statusText(metric.status, color)),
  ];
  if (metric.message) lines.push(labelled('  Message:', metric.message));
  metric.settings.forEach((setting, index) => lines.push(labelled(index === 0 ? '  Settings:' : '', setting)));
  const counts = analysisCountsText(metric.counts, color, ', ');
  lines.push(labelled('  Measurements:', counts ? `${counts} (${metric.counts.count} taken)` : 'none yet'));
  if (metric.measurements.length === 0) return lines;
  const rows = [['  #', 'STATUS', 'VALUE', 'STARTED', 'FINISHED', 'MESSAGE']];
  metric.measurements.forEach((measurement, index) => {
    const message = [measurement.job ? `job:${measurement.job}` : '', measurement.message].filter(Boolean).join(' ');
    rows.push([
      `  ${index + 1}`,
      statusText(measurement.status, color),
      measurement.value,
      ago(measurement.startedAgo),
      ago(measurement.finishedAgo),
      message,
    ]);
  });
  return [...lines, '', ...alignColumns(rows)];
}

function ago(age: string): string {
  return age === '' ? '-' : `${age} ago`;
}
