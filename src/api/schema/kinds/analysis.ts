// Schemas of argoproj.io/v1alpha1 AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun.
import {
  arrayOf,
  boolean,
  dateTime,
  describeFields,
  int32,
  intOrString,
  mapOf,
  object,
  string,
} from '../vocabulary.ts';
import { ObjectMeta } from '../kubernetes.ts';
import { AnalysisTemplateRef, Argument, dryRunList, measurementRetentionList } from './shared.ts';
import { MetricProvider } from './metric-providers.ts';

export const Metric = describeFields(
  object(
    {
      name: string(),
      interval: string(),
      initialDelay: string(),
      count: intOrString(),
      successCondition: string(),
      failureCondition: string(),
      failureLimit: intOrString(),
      inconclusiveLimit: intOrString(),
      consecutiveErrorLimit: intOrString(),
      consecutiveSuccessLimit: intOrString(),
      provider: MetricProvider,
    },
    ['name', 'provider'],
  ),
  {
    name: 'The metric name, unique in the analysis.',
    interval: 'Time between measurements (a Go duration such as 30s or 5m); without it, one measurement is taken.',
    initialDelay: 'Wait this long (a Go duration) before the first measurement.',
    count:
      'How many measurements to take; with an interval and no count, the metric measures until the analysis is stopped.',
    successCondition: 'An expression on `result` that is true when a measurement is successful.',
    failureCondition: 'An expression on `result` that is true when a measurement has failed.',
    failureLimit: 'How many failed measurements are tolerated before the metric fails (default 0; -1 for no limit).',
    inconclusiveLimit:
      'How many inconclusive measurements are tolerated before the metric is inconclusive (default 0).',
    consecutiveErrorLimit: 'How many measurement errors in a row are tolerated before the metric errors (default 4).',
    consecutiveSuccessLimit: 'Successful measurements in a row after which the metric succeeds early.',
    provider: 'Where the measurement comes from: exactly one of prometheus, web, job, datadog, ... or a plugin.',
  },
);

export const AnalysisTemplateSpec = describeFields(
  object({
    metrics: arrayOf(Metric),
    args: arrayOf(Argument),
    dryRun: dryRunList,
    measurementRetention: measurementRetentionList,
    templates: arrayOf(AnalysisTemplateRef),
  }),
  {
    metrics: 'The metrics measured by runs of this template.',
    args: 'Arguments the metrics use as {{args.name}}, with default values or values to be given by the caller.',
    dryRun: 'Metrics (by name, a regular expression) that are measured but whose failure does not fail the run.',
    measurementRetention: 'How many measurements to keep for the metrics matching each name (a regular expression).',
    templates: 'Other templates whose metrics and arguments are included in this one.',
  },
);

export const AnalysisTemplate = object(
  { apiVersion: string(), kind: string(), metadata: ObjectMeta, spec: AnalysisTemplateSpec },
  ['spec'],
);

const RunSummary = object({
  count: int32(),
  successful: int32(),
  failed: int32(),
  inconclusive: int32(),
  error: int32(),
});

const Measurement = object(
  {
    phase: string(),
    message: string(),
    startedAt: dateTime(),
    finishedAt: dateTime(),
    value: string(),
    metadata: mapOf(string()),
    resumeAt: dateTime(),
  },
  ['phase'],
);

const MetricResult = object(
  {
    name: string(),
    phase: string(),
    measurements: arrayOf(Measurement),
    message: string(),
    count: int32(),
    successful: int32(),
    failed: int32(),
    inconclusive: int32(),
    error: int32(),
    consecutiveError: int32(),
    consecutiveSuccess: int32(),
    dryRun: boolean(),
    metadata: mapOf(string()),
  },
  ['name', 'phase'],
);

const AnalysisRunSpec = object(
  {
    metrics: arrayOf(Metric),
    args: arrayOf(Argument),
    terminate: boolean(),
    dryRun: dryRunList,
    measurementRetention: measurementRetentionList,
    ttlStrategy: object({
      secondsAfterCompletion: int32(),
      secondsAfterFailure: int32(),
      secondsAfterSuccess: int32(),
    }),
  },
  ['metrics'],
);

const AnalysisRunStatus = object(
  {
    phase: string(),
    message: string(),
    metricResults: arrayOf(MetricResult),
    startedAt: dateTime(),
    completedAt: dateTime(),
    runSummary: RunSummary,
    dryRunSummary: RunSummary,
  },
  ['phase'],
);

export const AnalysisRun = object(
  { apiVersion: string(), kind: string(), metadata: ObjectMeta, spec: AnalysisRunSpec, status: AnalysisRunStatus },
  ['spec'],
);
