// The MetricProvider port: take one measurement of a metric whose args are already resolved.
// Providers never throw for a measurement that could not be taken: they report an error outcome
// with a message that says what happened (see errorReport).
import type { Measurement, Metric } from '../../api/types/analysis.ts';
import type { MeasurementReport } from '../record-measurement.ts';

export type { MeasurementReport, ProviderOutcome } from '../record-measurement.ts';

/** What a provider knows about the run it measures for. */
export interface RunIdentity {
  name: string;
  namespace: string;
  /** metadata.uid when the run has one (the kubernetes runtime); jobs are named after it. */
  uid?: string;
}

export interface MeasureContext {
  run: RunIdentity;
  /** Measurements of this metric taken so far (count + error) plus one: names a job uniquely per measurement. */
  attempt: number;
  /** The runtime's clock, epoch ms: used for startedAt / finishedAt and time expressions. */
  now: () => number;
  /** Aborted when the runtime stops: an in-progress request gives up (the measurement is retried later). */
  signal?: AbortSignal;
  /**
   * Hides the run's secret values in a text (every message is redacted again afterwards). A
   * provider uses it to tell whether an input of its own holds a secret: an error that quotes a
   * piece of such an input (a parser's "unexpected ...") must leave that piece out.
   */
  redact?: (text: string) => string;
}

export interface MetricProvider {
  /** The provider key in a metric's `provider` (prometheus, web, job, ...). */
  readonly key: string;
  /** Starts (and for quick providers finishes) one measurement. */
  measure(metric: Metric, context: MeasureContext): Promise<MeasurementReport>;
  /** Asks again about an in-flight measurement (a running job). */
  resume(metric: Metric, measurement: Measurement, context: MeasureContext): Promise<MeasurementReport>;
  /** Stops an in-flight measurement; stopping one that already ended or is gone is not an error. */
  terminate(metric: Metric, measurement: Measurement, context: MeasureContext): Promise<MeasurementReport>;
}

/** An error outcome for `metric`, started at `startedAt`. */
export function errorReport(
  metric: Metric,
  startedAt: number,
  message: string,
  finishedAt?: number,
): MeasurementReport {
  return {
    metricName: metric.name,
    startedAt,
    ...(finishedAt === undefined ? {} : { finishedAt }),
    outcome: { kind: 'error', message },
  };
}

/**
 * What a provider whose measurements finish within measure() (a query) answers when asked to stop
 * one: nothing is in flight, so the stop itself is Successful, at once.
 */
export function stoppedAtOnce(metric: Metric, context: MeasureContext): MeasurementReport {
  const now = context.now();
  return { metricName: metric.name, startedAt: now, finishedAt: now, outcome: { kind: 'judged', phase: 'Successful' } };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The provider keys set on a metric, in the order written. */
export function providerKeysOf(metric: Metric): string[] {
  return Object.entries(metric.provider ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key]) => key);
}
