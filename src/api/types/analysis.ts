// argoproj.io/v1alpha1 AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun.
import type { IntOrString, Timestamp, TypedObject } from './meta.ts';
import type { AnalysisTemplateRef } from './rollout-analysis.ts';

export interface Argument {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface PrometheusMetric {
  address?: string;
  query?: string;
  timeout?: number;
  insecure?: boolean;
  headers?: KeyValue[];
  authentication?: Record<string, unknown>;
  rangeQuery?: { start?: string; end?: string; step?: string };
}

export interface WebMetric {
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: KeyValue[];
  body?: string;
  jsonBody?: unknown;
  timeoutSeconds?: number;
  jsonPath?: string;
  insecure?: boolean;
  authentication?: Record<string, unknown>;
}

export interface JobMetric {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Exactly one provider is set; providers sluice does not run are still accepted by the model. */
export interface MetricProvider {
  prometheus?: PrometheusMetric;
  web?: WebMetric;
  job?: JobMetric;
  kayenta?: Record<string, unknown>;
  datadog?: Record<string, unknown>;
  wavefront?: Record<string, unknown>;
  newRelic?: Record<string, unknown>;
  cloudWatch?: Record<string, unknown>;
  graphite?: Record<string, unknown>;
  influxdb?: Record<string, unknown>;
  skywalking?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
}

export interface Metric {
  name: string;
  interval?: string;
  initialDelay?: string;
  count?: IntOrString;
  successCondition?: string;
  failureCondition?: string;
  failureLimit?: IntOrString;
  inconclusiveLimit?: IntOrString;
  consecutiveErrorLimit?: IntOrString;
  consecutiveSuccessLimit?: IntOrString;
  provider: MetricProvider;
}

export interface AnalysisTemplateSpec {
  metrics?: Metric[];
  args?: Argument[];
  dryRun?: Array<{ metricName: string }>;
  measurementRetention?: Array<{ metricName: string; limit: number }>;
  templates?: AnalysisTemplateRef[];
}

export interface AnalysisTemplate extends TypedObject<'AnalysisTemplate'> {
  spec: AnalysisTemplateSpec;
}

export interface ClusterAnalysisTemplate extends TypedObject<'ClusterAnalysisTemplate'> {
  spec: AnalysisTemplateSpec;
}

export type AnalysisPhase = 'Pending' | 'Running' | 'Successful' | 'Failed' | 'Error' | 'Inconclusive';

export interface Measurement {
  phase: AnalysisPhase;
  message?: string;
  startedAt?: Timestamp;
  finishedAt?: Timestamp;
  value?: string;
  metadata?: Record<string, string>;
  resumeAt?: Timestamp;
}

export interface MetricResult {
  name: string;
  phase: AnalysisPhase;
  measurements?: Measurement[];
  message?: string;
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
  consecutiveError?: number;
  consecutiveSuccess?: number;
  dryRun?: boolean;
  metadata?: Record<string, string>;
}

export interface RunSummary {
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
}

export interface AnalysisRunSpec {
  metrics: Metric[];
  args?: Argument[];
  terminate?: boolean;
  dryRun?: Array<{ metricName: string }>;
  measurementRetention?: Array<{ metricName: string; limit: number }>;
  ttlStrategy?: { secondsAfterCompletion?: number; secondsAfterFailure?: number; secondsAfterSuccess?: number };
}

export interface AnalysisRunStatus {
  phase?: AnalysisPhase;
  message?: string;
  metricResults?: MetricResult[];
  startedAt?: Timestamp;
  completedAt?: Timestamp;
  runSummary?: RunSummary;
  dryRunSummary?: RunSummary;
}

export interface AnalysisRun extends TypedObject<'AnalysisRun'> {
  spec: AnalysisRunSpec;
  status?: AnalysisRunStatus;
}
