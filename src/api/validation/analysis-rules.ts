// Argo Rollouts' rules for AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun metrics.
import type { Argument, Metric } from '../types/analysis.ts';
import type { IntOrString } from '../types/meta.ts';
import type { KnownObject } from '../types/index.ts';
import { METRIC_PROVIDER_NAMES } from '../schema/kinds/metric-providers.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { goDurationFindings } from './canary-step-rules.ts';
import { podTemplateFindings } from './pod-template-rules.ts';
import { compositionFindings, type MetricRules } from './analysis-composition.ts';
import type { PodTemplateSpec } from '../types/pod.ts';

const ANALYSIS_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun'];
const ARG_PLACEHOLDER = /^\{\{\s*args\.[\w.-]+\s*\}\}$/;

export function analysisFindings(object: KnownObject): Finding[] {
  if (!ANALYSIS_KINDS.includes(object.kind)) return [];
  const spec = (object as { spec: { metrics?: Metric[]; args?: Argument[]; templates?: unknown[] } & MetricRules })
    .spec;
  const findings: Finding[] = [];
  const metrics = spec.metrics ?? [];
  if (metrics.length === 0 && (spec.templates ?? []).length === 0) {
    findings.push({
      path: ['spec', 'metrics'],
      message: 'no metrics: add at least one metric (or templates to include)',
    });
  }
  const seen = new Set<string>();
  metrics.forEach((metric, index) => {
    const path: PathSegment[] = ['spec', 'metrics', index];
    if (seen.has(metric.name))
      findings.push({
        path: [...path, 'name'],
        message: `metric name "${metric.name}" is used twice: metric names must be unique`,
      });
    seen.add(metric.name);
    findings.push(...metricFindings(metric, path));
  });
  if (object.kind === 'AnalysisRun') {
    // A run is complete: its own dryRun and measurementRetention rules must match its metrics.
    const own = { label: 'this AnalysisRun', spec: { metrics }, path: ['spec', 'metrics'] };
    findings.push(...compositionFindings([own], spec, ['spec']));
  }
  const argNames = new Set<string>();
  (spec.args ?? []).forEach((arg, index) => {
    const path: PathSegment[] = ['spec', 'args', index];
    if (argNames.has(arg.name))
      findings.push({ path: [...path, 'name'], message: `argument "${arg.name}" is declared twice` });
    argNames.add(arg.name);
    if (arg.value !== undefined && arg.valueFrom !== undefined) {
      findings.push({ path, message: `argument "${arg.name}" has both value and valueFrom: keep one` });
    }
  });
  return findings;
}

function metricFindings(metric: Metric, path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  const providers = METRIC_PROVIDER_NAMES.filter((name) => (metric.provider as Record<string, unknown>)[name] != null);
  if (providers.length === 0) {
    findings.push({
      path: [...path, 'provider'],
      message: `no provider: set one of ${METRIC_PROVIDER_NAMES.join(', ')}`,
    });
  } else if (providers.length > 1) {
    findings.push({
      path: [...path, 'provider'],
      message: `a metric has one provider, this one has ${providers.join(' and ')}: split it into separate metrics`,
    });
  }
  for (const field of ['interval', 'initialDelay'] as const) {
    const value = metric[field];
    if (value !== undefined && !ARG_PLACEHOLDER.test(value))
      findings.push(...goDurationFindings(value, [...path, field]));
  }
  const counts: Record<string, number | undefined> = {};
  for (const field of [
    'count',
    'failureLimit',
    'inconclusiveLimit',
    'consecutiveErrorLimit',
    'consecutiveSuccessLimit',
  ] as const) {
    const value = metric[field];
    if (value === undefined) continue;
    const parsed = countValue(value);
    if (parsed === 'placeholder') continue;
    if (parsed === undefined) {
      findings.push({
        path: [...path, field],
        message: `${JSON.stringify(value)} is not a whole number (or an {{args.name}} placeholder)`,
      });
    } else if (parsed < 0) {
      findings.push({ path: [...path, field], message: `must be 0 or more, got ${parsed}` });
    } else {
      counts[field] = parsed;
    }
  }
  const count = counts.count;
  if (count !== undefined && count > 1 && metric.interval === undefined) {
    findings.push({
      path: [...path, 'interval'],
      message: `interval is required when count is more than 1 (count is ${count}): add e.g. interval: 30s`,
    });
  }
  if (count !== undefined && count > 0) {
    for (const limit of ['failureLimit', 'inconclusiveLimit'] as const) {
      const value = counts[limit];
      if (value !== undefined && value > count) {
        findings.push({
          path: [...path, limit],
          message: `${limit} (${value}) is more than count (${count}): it could never be reached`,
        });
      }
    }
  }
  const web = metric.provider.web;
  if (web) {
    if (web.method !== undefined && !['GET', 'POST', 'PUT'].includes(web.method)) {
      findings.push({
        path: [...path, 'provider', 'web', 'method'],
        message: `unsupported method "${web.method}": use GET, POST or PUT`,
      });
    }
    if (web.body !== undefined && web.jsonBody !== undefined) {
      findings.push({ path: [...path, 'provider', 'web'], message: 'set only one of body and jsonBody' });
    }
  }
  const jobTemplate = (metric.provider.job?.spec as { template?: PodTemplateSpec } | undefined)?.template;
  if (metric.provider.job) {
    const templatePath = [...path, 'provider', 'job', 'spec', 'template'];
    findings.push(
      ...withoutPlaceholders(podTemplateFindings(jobTemplate, templatePath, 'job'), jobTemplate, templatePath.length),
    );
  }
  const restartPolicy = jobTemplate?.spec?.restartPolicy;
  if (metric.provider.job && restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    findings.push({
      path: [...path, 'provider', 'job', 'spec', 'template', 'spec', 'restartPolicy'],
      message: 'a Job pod template needs restartPolicy: Never or OnFailure',
    });
  }
  return findings;
}

/** `{{ args.name }}`, `{{ metadata.labels.x }}` ...: Argo replaces these in a metric before running it. */
const PLACEHOLDER = /\{\{[^}]*\}\}/;

/**
 * The findings about a value (or a map key) that holds a placeholder left out: it is judged once
 * substituted, when the AnalysisRun runs (a Job label "{{ args.rev }}" becomes a valid label).
 * `root` is the object at the first `skip` segments of each finding's path.
 */
function withoutPlaceholders(findings: Finding[], root: unknown, skip: number): Finding[] {
  return findings.filter((finding) => {
    let value: unknown = root;
    for (const segment of finding.path.slice(skip)) {
      if (typeof segment === 'string' && PLACEHOLDER.test(segment)) return false;
      value =
        value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
    }
    return !(typeof value === 'string' && PLACEHOLDER.test(value));
  });
}

function countValue(value: IntOrString): number | 'placeholder' | undefined {
  if (typeof value === 'number') return value;
  if (ARG_PLACEHOLDER.test(value.trim())) return 'placeholder';
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined;
}
