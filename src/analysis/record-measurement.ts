// Records what a provider reported for one metric: the measurement (redacted) and the counters.
import type { Measurement, Metric, MetricResult } from '../api/types/analysis.ts';
import { assessMeasurement, type ConditionEvaluator } from './assess-measurement.ts';
import { formatTimestamp } from '../conventions/timestamps.ts';

/** How often an in-flight measurement that gave no `resumeAt` is resumed. */
export const RESUME_POLL_MS = 10_000;

export type ProviderOutcome =
  /** A value for the metric's conditions to judge (prometheus, web, ...). */
  | { kind: 'value'; result: unknown; value: string }
  /** The provider judged the measurement itself (job: succeeded or failed). */
  | { kind: 'judged'; phase: 'Successful' | 'Failed' | 'Inconclusive'; value?: string }
  /** The measurement could not be taken (unreachable server, bad query, unknown provider...). */
  | { kind: 'error'; message: string }
  /** Still in progress (job running): resumed at `resumeAt`. */
  | { kind: 'running'; resumeAt?: number };

export interface MeasurementReport {
  metricName: string;
  startedAt: number;
  /** Defaults to the reconcile time when the measurement is finished. */
  finishedAt?: number;
  outcome: ProviderOutcome;
  message?: string;
  metadata?: Record<string, string>;
}

export interface RecordContext {
  now: number;
  evaluate: ConditionEvaluator;
  redact: (text: string) => string;
  /** The run is terminating: a finished in-flight measurement was terminated. */
  terminating: boolean;
  dryRun: boolean;
}

/** The metric result after the report: a new measurement, or the completed in-flight one. */
export function recordMeasurement(
  previous: MetricResult | undefined,
  metric: Metric,
  report: MeasurementReport,
  context: RecordContext,
): MetricResult {
  const result: MetricResult = previous
    ? { ...previous, measurements: [...(previous.measurements ?? [])] }
    : newResult(metric.name, context.dryRun);
  const measurements = result.measurements ?? [];
  const last = measurements[measurements.length - 1];
  const inFlight = last !== undefined && last.finishedAt === undefined ? last : undefined;
  const measurement = buildMeasurement(metric, report, context, inFlight);
  countMeasurement(result, measurement);
  if (inFlight) measurements[measurements.length - 1] = measurement;
  else measurements.push(measurement);
  result.measurements = measurements;
  return result;
}

function newResult(name: string, dryRun: boolean): MetricResult {
  return {
    name,
    phase: 'Running',
    measurements: [],
    count: 0,
    successful: 0,
    failed: 0,
    inconclusive: 0,
    error: 0,
    consecutiveError: 0,
    consecutiveSuccess: 0,
    ...(dryRun ? { dryRun: true } : {}),
  };
}

function buildMeasurement(
  metric: Metric,
  report: MeasurementReport,
  context: RecordContext,
  inFlight: Measurement | undefined,
): Measurement {
  const { outcome } = report;
  const measurement: Measurement = {
    phase: 'Running',
    startedAt: inFlight?.startedAt ?? formatTimestamp(report.startedAt),
  };
  let message = report.message;
  switch (outcome.kind) {
    case 'value': {
      measurement.value = outcome.value;
      const assessed = assessMeasurement(metric, outcome.result, context.evaluate);
      measurement.phase = assessed.phase;
      if (assessed.phase === 'Error') message = assessed.message;
      break;
    }
    case 'judged':
      measurement.phase = outcome.phase;
      if (outcome.value !== undefined) measurement.value = outcome.value;
      break;
    case 'error':
      measurement.phase = 'Error';
      message = outcome.message;
      break;
    case 'running':
      measurement.resumeAt = formatTimestamp(outcome.resumeAt ?? context.now + RESUME_POLL_MS);
      break;
  }
  if (measurement.phase !== 'Running') {
    measurement.finishedAt = formatTimestamp(report.finishedAt ?? context.now);
    if (inFlight && context.terminating && (measurement.phase === 'Successful' || measurement.phase === 'Inconclusive'))
      message = 'Metric Terminated';
  }
  if (message) measurement.message = context.redact(message);
  if (measurement.value !== undefined) measurement.value = context.redact(measurement.value);
  if (report.metadata) {
    measurement.metadata = Object.fromEntries(
      Object.entries(report.metadata).map(([key, value]) => [key, context.redact(value)]),
    );
  }
  return measurement;
}

function countMeasurement(result: MetricResult, measurement: Measurement): void {
  const bump = (
    field: 'count' | 'successful' | 'failed' | 'inconclusive' | 'error' | 'consecutiveError' | 'consecutiveSuccess',
  ) => {
    result[field] = (result[field] ?? 0) + 1;
  };
  switch (measurement.phase) {
    case 'Successful':
      bump('successful');
      bump('count');
      bump('consecutiveSuccess');
      result.consecutiveError = 0;
      break;
    case 'Failed':
    case 'Inconclusive':
      bump(measurement.phase === 'Failed' ? 'failed' : 'inconclusive');
      bump('count');
      result.consecutiveError = 0;
      result.consecutiveSuccess = 0;
      break;
    case 'Error':
      bump('error');
      bump('consecutiveError');
      result.consecutiveSuccess = 0;
      break;
    default:
      break;
  }
}
