// The effective settings of one metric (args already substituted), and Argo's validation of them.
import { parseGoDuration } from '../api/duration.ts';
import { integerValue } from '../api/int-or-percent.ts';
import type { IntOrString } from '../api/types/meta.ts';
import type { Metric } from '../api/types/analysis.ts';
import { DEFAULTS } from '../api/defaults.ts';

export class MetricSpecError extends Error {
  override name = 'MetricSpecError';
}

/** Argo retries a measurement that ended in Error after this long when no interval applies. */
export const ERROR_RETRY_INTERVAL_MS = 10_000;

export interface MetricSettings {
  /** Measurements to take; undefined: measure until the run ends (interval without count). */
  count: number | undefined;
  intervalMs: number | undefined;
  initialDelayMs: number;
  /** -1: failures never fail the metric. */
  failureLimit: number;
  inconclusiveLimit: number;
  consecutiveErrorLimit: number;
  /** 0: disabled. */
  consecutiveSuccessLimit: number;
}

function integerField(field: string, value: IntOrString | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  try {
    return integerValue(value);
  } catch {
    throw new MetricSpecError(`${field}: ${JSON.stringify(value)} must be a whole number`);
  }
}

function durationField(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return parseGoDuration(value);
  } catch {
    throw new MetricSpecError(
      `${field}: "${value}" is not a duration; use a number with a unit, such as 30s, 5m or 1h`,
    );
  }
}

/** Reads and validates a metric's settings; throws MetricSpecError with the field at fault. */
export function metricSettings(metric: Metric): MetricSettings {
  const declaredCount = integerField('count', metric.count, 0);
  const intervalMs = durationField('interval', metric.interval);
  const initialDelayMs = durationField('initialDelay', metric.initialDelay) ?? 0;
  const settings: MetricSettings = {
    // Neither count nor interval: one measurement. Interval only: until the run ends.
    count: declaredCount > 0 ? declaredCount : intervalMs === undefined ? 1 : undefined,
    intervalMs,
    initialDelayMs,
    failureLimit: integerField('failureLimit', metric.failureLimit, DEFAULTS.failureLimit),
    inconclusiveLimit: integerField('inconclusiveLimit', metric.inconclusiveLimit, DEFAULTS.inconclusiveLimit),
    consecutiveErrorLimit: integerField(
      'consecutiveErrorLimit',
      metric.consecutiveErrorLimit,
      DEFAULTS.consecutiveErrorLimit,
    ),
    consecutiveSuccessLimit: integerField('consecutiveSuccessLimit', metric.consecutiveSuccessLimit, 0),
  };
  validate(settings, declaredCount, metric);
  return settings;
}

function validate(settings: MetricSettings, declaredCount: number, metric: Metric): void {
  if (declaredCount < 0) throw new MetricSpecError(`count (${declaredCount}) must be 0 or more`);
  if (declaredCount > 0) {
    if (declaredCount < settings.failureLimit)
      throw new MetricSpecError(`count (${declaredCount}) must be >= failureLimit (${settings.failureLimit})`);
    if (declaredCount < settings.inconclusiveLimit)
      throw new MetricSpecError(
        `count (${declaredCount}) must be >= inconclusiveLimit (${settings.inconclusiveLimit})`,
      );
    if (declaredCount < settings.consecutiveSuccessLimit) {
      throw new MetricSpecError(
        `count (${declaredCount}) must be >= consecutiveSuccessLimit (${settings.consecutiveSuccessLimit})`,
      );
    }
  }
  if (declaredCount > 1 && settings.intervalMs === undefined)
    throw new MetricSpecError(`interval must be set when count (${declaredCount}) is more than 1`);
  if (settings.intervalMs !== undefined && settings.intervalMs < 0)
    throw new MetricSpecError(`interval "${metric.interval}" must not be negative`);
  if (settings.initialDelayMs < 0)
    throw new MetricSpecError(`initialDelay "${metric.initialDelay}" must not be negative`);
  if (settings.failureLimit < -1)
    throw new MetricSpecError(`failureLimit (${settings.failureLimit}) must be >= 0, or -1 to disable it`);
  if (settings.inconclusiveLimit < 0)
    throw new MetricSpecError(`inconclusiveLimit (${settings.inconclusiveLimit}) must be >= 0`);
  if (settings.consecutiveErrorLimit < 0)
    throw new MetricSpecError(`consecutiveErrorLimit (${settings.consecutiveErrorLimit}) must be >= 0`);
  if (settings.consecutiveSuccessLimit < 0)
    throw new MetricSpecError(`consecutiveSuccessLimit (${settings.consecutiveSuccessLimit}) must be >= 0`);
  if (settings.failureLimit === -1 && settings.consecutiveSuccessLimit === 0) {
    throw new MetricSpecError(
      'failureLimit is -1 (disabled) and consecutiveSuccessLimit is 0 (disabled): enable at least one of them',
    );
  }
  const providers = Object.entries(metric.provider ?? {}).filter(([, value]) => value !== undefined && value !== null);
  if (providers.length === 0)
    throw new MetricSpecError('provider: no provider is set; set exactly one, such as prometheus, web or job');
  if (providers.length > 1) {
    throw new MetricSpecError(
      `provider: ${providers.map(([name]) => name).join(' and ')} are set; set exactly one provider per metric`,
    );
  }
}

/** Validates a run's metrics as a whole; returns the settings by metric name. */
export function metricsSettings(metrics: readonly Metric[]): Map<string, MetricSettings> {
  if (metrics.length === 0) throw new MetricSpecError('no metrics: add at least one metric to spec.metrics');
  const byName = new Map<string, MetricSettings>();
  metrics.forEach((metric, index) => {
    if (byName.has(metric.name))
      throw new MetricSpecError(`metrics[${index}]: duplicate name "${metric.name}"; metric names must be unique`);
    try {
      byName.set(metric.name, metricSettings(metric));
    } catch (error) {
      if (error instanceof MetricSpecError)
        throw new MetricSpecError(`metrics[${index}] (${metric.name}): ${error.message}`);
      throw error;
    }
  });
  return byName;
}
