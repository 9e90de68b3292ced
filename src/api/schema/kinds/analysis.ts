// Schemas of argoproj.io/v1alpha1 AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun.
import { arrayOf, boolean, dateTime, int32, intOrString, mapOf, object, string } from '../vocabulary.ts';
import { ObjectMeta } from '../kubernetes.ts';
import { AnalysisTemplateRef, Argument, dryRunList, measurementRetentionList } from './shared.ts';
import { MetricProvider } from './metric-providers.ts';

export const Metric = object(
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
);

export const AnalysisTemplateSpec = object({
  metrics: arrayOf(Metric),
  args: arrayOf(Argument),
  dryRun: dryRunList,
  measurementRetention: measurementRetentionList,
  templates: arrayOf(AnalysisTemplateRef),
});

export const AnalysisTemplate = object({ apiVersion: string(), kind: string(), metadata: ObjectMeta, spec: AnalysisTemplateSpec }, ['spec']);

const RunSummary = object({ count: int32(), successful: int32(), failed: int32(), inconclusive: int32(), error: int32() });

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
    ttlStrategy: object({ secondsAfterCompletion: int32(), secondsAfterFailure: int32(), secondsAfterSuccess: int32() }),
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
