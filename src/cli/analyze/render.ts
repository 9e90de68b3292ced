// How `sluice analyze` shows measurements and the outcome.
import type { AnalysisRun, Measurement } from '../../api/types/analysis.ts';

export function measurementLine(metricName: string, measurement: Measurement, dryRun: boolean): string {
  const time = (measurement.finishedAt ?? measurement.startedAt ?? '').replace(/^.*T/, '').replace('Z', '');
  const parts = [time, metricName + (dryRun ? ' (dry-run)' : ''), measurement.phase];
  if (measurement.value !== undefined) parts.push(`value=${oneLine(measurement.value)}`);
  if (measurement.metadata?.['job-name']) parts.push(`job=${measurement.metadata['job-name']}`);
  if (measurement.message) parts.push(`message: ${oneLine(measurement.message)}`);
  return parts.filter((part) => part !== '').join('  ');
}

export function summaryLines(run: AnalysisRun): string[] {
  const status = run.status ?? {};
  const lines = [`AnalysisRun ${run.metadata.name}: ${status.phase ?? 'Pending'}`];
  if (status.message) lines.push(`  ${status.message}`);
  for (const result of status.metricResults ?? []) {
    const counts = `successful=${result.successful ?? 0} failed=${result.failed ?? 0} inconclusive=${result.inconclusive ?? 0} error=${result.error ?? 0}`;
    lines.push(`  metric ${result.name}: ${result.phase} (${counts})${result.dryRun ? ' [dry-run]' : ''}`);
  }
  return lines;
}

/** 0 Successful, 1 Failed or Error, 2 Inconclusive. */
export function exitCodeOf(run: AnalysisRun): number {
  switch (run.status?.phase) {
    case 'Successful':
      return 0;
    case 'Inconclusive':
      return 2;
    default:
      return 1;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
}
