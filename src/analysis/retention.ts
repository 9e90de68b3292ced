// measurementRetention: how many of the latest measurements each metric keeps in status.
import type { MetricResult } from '../api/types/analysis.ts';
import { matchRules } from './metric-name-rules.ts';

/** Argo keeps the latest ten measurements of a metric unless a rule says otherwise. */
export const DEFAULT_MEASUREMENT_RETENTION = 10;

/**
 * The retention limit per metric name. Rules name metrics as dryRun does (`*`, a name or a regular
 * expression); a later rule wins over an earlier one; a limit of 0 or less keeps the default.
 */
export function retentionLimits(
  rules: ReadonlyArray<{ metricName: string; limit: number }> | undefined,
  metricNames: readonly string[],
): Map<string, number> {
  const limits = new Map<string, number>();
  for (const name of metricNames) limits.set(name, DEFAULT_MEASUREMENT_RETENTION);
  for (const [name, rule] of matchRules('measurementRetention', rules, metricNames)) {
    if (rule.limit > 0) limits.set(name, rule.limit);
  }
  return limits;
}

/** Each result keeps only its latest measurements; counters are untouched. */
export function trimMeasurements(
  results: readonly MetricResult[],
  limits: ReadonlyMap<string, number>,
): MetricResult[] {
  return results.map((result) => {
    const limit = limits.get(result.name) ?? DEFAULT_MEASUREMENT_RETENTION;
    const measurements = result.measurements ?? [];
    if (measurements.length <= limit) return result;
    return { ...result, measurements: measurements.slice(measurements.length - limit) };
  });
}
