// `get analysisrun NAME`: the run's header and each metric with its measurements.
import type { AnalysisRun, Measurement, Metric, MetricProvider, MetricResult } from '../api/types/analysis.ts';
import { REVISION_ANNOTATION } from '../conventions/labels.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';
import type { AnalysisCounts, Status } from './model.ts';
import { analysisCounts, JOB_NAME_METADATA_KEY } from './analysis-run-view.ts';
import { ageAt } from './human-duration.ts';
import { ownerName } from './ownership.ts';
import { parseRevision } from './replica-set-view.ts';
import { analysisStatusKind } from './status-kinds.ts';

export interface MeasurementView {
  status: Status;
  value: string;
  message: string;
  /** How long ago it started / finished (`2m30s`); '' when not (yet) known. */
  startedAgo: string;
  finishedAgo: string;
  /** When it finished (else started), in epoch ms, when known: the dashboard's charts put it on a time axis. */
  at?: number;
  job?: string;
}

export interface MetricView {
  name: string;
  /** `prometheus`, `web`, `job`, ... */
  provider: string;
  status: Status;
  message: string;
  dryRun: boolean;
  counts: AnalysisCounts & { count: number };
  /** The settings that decide the outcome, in manifest order, e.g. `successCondition: result[0] >= 0.95`. */
  settings: string[];
  measurements: MeasurementView[];
}

export interface AnalysisRunDetailView {
  name: string;
  namespace?: string;
  status: Status;
  message: string;
  age: string;
  /** The rollout (or experiment) that started it, and at which revision. */
  owner?: { kind: string; name: string };
  revision: number;
  startedAgo: string;
  counts: AnalysisCounts;
  metrics: MetricView[];
}

export function analysisRunDetail(run: AnalysisRun, now: number): AnalysisRunDetailView {
  const phase = run.status?.phase ?? '';
  const owner = ['Rollout', 'Experiment']
    .map((kind) => ({ kind, name: ownerName(run.metadata, kind) }))
    .find((candidate): candidate is { kind: string; name: string } => candidate.name !== undefined);
  const dryRun = new Set((run.spec.dryRun ?? []).map((entry) => entry.metricName));
  const results = run.status?.metricResults ?? [];
  const metrics = run.spec.metrics.map((metric) =>
    metricView(
      metric,
      results.find((result) => result.name === metric.name),
      dryRun,
      now,
    ),
  );
  return {
    name: run.metadata.name ?? '',
    ...(run.metadata.namespace ? { namespace: run.metadata.namespace } : {}),
    status: { text: phase, kind: analysisStatusKind(phase) },
    message: run.status?.message ?? '',
    age: ageAt(parseTimestamp(run.metadata.creationTimestamp), now),
    ...(owner ? { owner } : {}),
    revision: parseRevision(run.metadata.annotations?.[REVISION_ANNOTATION]),
    startedAgo: ageAt(parseTimestamp(run.status?.startedAt), now),
    counts: analysisCounts(run),
    metrics,
  };
}

function metricView(metric: Metric, result: MetricResult | undefined, dryRun: Set<string>, now: number): MetricView {
  const phase = result?.phase ?? 'Pending';
  return {
    name: metric.name,
    provider: providerName(metric.provider),
    status: { text: phase, kind: analysisStatusKind(phase) },
    message: result?.message ?? '',
    dryRun: result?.dryRun ?? dryRun.has(metric.name),
    counts: {
      count: result?.count ?? 0,
      successful: result?.successful ?? 0,
      failed: result?.failed ?? 0,
      inconclusive: result?.inconclusive ?? 0,
      error: result?.error ?? 0,
    },
    settings: metricSettings(metric),
    measurements: (result?.measurements ?? []).map((measurement) => measurementView(measurement, now)),
  };
}

function measurementView(measurement: Measurement, now: number): MeasurementView {
  const job = measurement.metadata?.[JOB_NAME_METADATA_KEY];
  const at = parseTimestamp(measurement.finishedAt) ?? parseTimestamp(measurement.startedAt);
  return {
    status: { text: measurement.phase, kind: analysisStatusKind(measurement.phase) },
    value: measurement.value ?? '',
    message: measurement.message ?? '',
    startedAgo: ageAt(parseTimestamp(measurement.startedAt), now),
    finishedAgo: ageAt(parseTimestamp(measurement.finishedAt), now),
    ...(at !== undefined ? { at } : {}),
    ...(job ? { job } : {}),
  };
}

function providerName(provider: MetricProvider): string {
  return Object.keys(provider).find((key) => provider[key as keyof MetricProvider] !== undefined) ?? 'unknown';
}

function metricSettings(metric: Metric): string[] {
  const settings: string[] = [];
  const add = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') settings.push(`${name}: ${value}`);
  };
  add('successCondition', metric.successCondition);
  add('failureCondition', metric.failureCondition);
  add('interval', metric.interval);
  add('initialDelay', metric.initialDelay);
  add('count', metric.count);
  add('failureLimit', metric.failureLimit);
  add('inconclusiveLimit', metric.inconclusiveLimit);
  add('consecutiveErrorLimit', metric.consecutiveErrorLimit);
  add('consecutiveSuccessLimit', metric.consecutiveSuccessLimit);
  return settings;
}
