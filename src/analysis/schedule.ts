// When a metric's next measurement is due (Argo's generateMetricTasks and calculateNextReconcileTime).
import type { Measurement, MetricResult } from '../api/types/analysis.ts';
import { isCompleted } from './assess-metric.ts';
import { ERROR_RETRY_INTERVAL_MS, type MetricSettings } from './metric-settings.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';

export type ScheduleDecision =
  /** Nothing more to measure: the metric completed, reached its count, or the run is terminating. */
  | { kind: 'none' }
  /** Take a new measurement at `at` (due when `at` <= now). */
  | { kind: 'measure'; at: number }
  /** Ask the provider about the in-flight measurement again at `at`. */
  | { kind: 'resume'; at: number; measurement: Measurement }
  /** Stop the in-flight measurement now: the run is terminating. */
  | { kind: 'terminate'; at: number; measurement: Measurement };

export interface ScheduleInput {
  settings: MetricSettings;
  result: MetricResult | undefined;
  /** status.startedAt of the run, epoch ms: initialDelay counts from it. */
  runStartedAt: number;
  terminating: boolean;
  now: number;
}

export function lastMeasurement(result: MetricResult | undefined): Measurement | undefined {
  const measurements = result?.measurements ?? [];
  return measurements[measurements.length - 1];
}

/**
 * - an in-flight measurement (no finishedAt) is resumed at its resumeAt, or terminated at once
 *   when the run is terminating;
 * - a terminating run starts no new measurement;
 * - the first measurement is due at run start + initialDelay;
 * - once the count is reached nothing more is due;
 * - otherwise the next one is due `interval` after the last finished, or 10s after it when the last
 *   one ended in Error (a retry, which does not count towards `count`).
 */
export function scheduleMetric({ settings, result, runStartedAt, terminating, now }: ScheduleInput): ScheduleDecision {
  if (result && isCompleted(result.phase)) return { kind: 'none' };
  const last = lastMeasurement(result);
  if (last && last.finishedAt === undefined) {
    const resumeAt = parseTimestamp(last.resumeAt) ?? now;
    if (terminating) return { kind: 'terminate', at: Math.min(resumeAt, now), measurement: last };
    return { kind: 'resume', at: resumeAt, measurement: last };
  }
  if (terminating) return { kind: 'none' };
  if (!last) return { kind: 'measure', at: runStartedAt + settings.initialDelayMs };
  if (settings.count !== undefined && (result?.count ?? 0) >= settings.count) return { kind: 'none' };
  const interval = last.phase === 'Error' ? ERROR_RETRY_INTERVAL_MS : settings.intervalMs;
  if (interval === undefined) return { kind: 'none' };
  return { kind: 'measure', at: (parseTimestamp(last.finishedAt) ?? now) + interval };
}
