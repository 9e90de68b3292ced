// The AnalysisRun and AnalysisTemplate families, computed from the informer caches at scrape
// time: analysis_run_info, the deprecated analysis_run_phase, analysis_run_metric_type,
// analysis_run_metric_phase, analysis_template_info and analysis_template_metric_info.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Metric } from '../../../api/types/analysis.ts';
import { dryRunMetricNames } from '../../../analysis/metric-name-rules.ts';
import type { MetricFamily, Sample } from '../../../platform/prometheus/exposition.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';

const PHASES = ['Pending', 'Error', 'Failed', 'Successful', 'Running', 'Inconclusive'] as const;

const PROVIDER_TYPES: ReadonlyArray<[keyof Metric['provider'], string]> = [
  ['prometheus', 'Prometheus'],
  ['job', 'Job'],
  ['web', 'Web'],
  ['kayenta', 'Kayenta'],
  ['datadog', 'Datadog'],
  ['wavefront', 'Wavefront'],
  ['newRelic', 'NewRelic'],
  ['cloudWatch', 'CloudWatch'],
  ['graphite', 'Graphite'],
  ['influxdb', 'Influxdb'],
  ['skywalking', 'SkyWalking'],
];

/** The provider type label of a metric, as Argo spells it ("Prometheus", "Job", "Web", ...). */
export function metricProviderType(metric: Metric): string {
  const provider = metric.provider ?? {};
  for (const [key, type] of PROVIDER_TYPES) if (provider[key] !== undefined && provider[key] !== null) return type;
  const plugin = provider.plugin;
  if (plugin && typeof plugin === 'object') {
    const names = Object.keys(plugin);
    if (names.length > 0) return names[0] ?? 'Unknown Provider';
  }
  return 'Unknown Provider';
}

export function analysisRunFamilies(runs: ReadonlyArray<Stored<AnalysisRun>>): MetricFamily[] {
  const info: Sample[] = [];
  const phases: Sample[] = [];
  const metricTypes: Sample[] = [];
  const metricPhases: Sample[] = [];
  for (const run of runs) {
    const base = { namespace: run.metadata.namespace, name: run.metadata.name };
    const phase = run.status?.phase ?? '';
    info.push({ name: 'analysis_run_info', labels: { ...base, phase }, value: 1 });
    for (const candidate of PHASES) {
      const matches = candidate === phase || (candidate === 'Pending' && phase === '');
      phases.push({ name: 'analysis_run_phase', labels: { ...base, phase: candidate }, value: matches ? 1 : 0 });
    }
    const metrics = run.spec.metrics ?? [];
    const dryRun = dryRunNames(run, metrics);
    for (const metric of metrics) {
      const type = metricProviderType(metric);
      metricTypes.push({ name: 'analysis_run_metric_type', labels: { ...base, metric: metric.name, type }, value: 1 });
      const metricPhase = run.status?.metricResults?.find((result) => result.name === metric.name)?.phase ?? '';
      for (const candidate of PHASES) {
        const matches = candidate === metricPhase || (candidate === 'Pending' && metricPhase === '');
        metricPhases.push({
          name: 'analysis_run_metric_phase',
          labels: { ...base, metric: metric.name, type, dry_run: String(dryRun.has(metric.name)), phase: candidate },
          value: matches ? 1 : 0,
        });
      }
    }
  }
  return [
    { name: 'analysis_run_info', help: 'Information about analysis run.', type: 'gauge', samples: info },
    {
      name: 'analysis_run_phase',
      help: 'Information on the state of the Analysis Run (DEPRECATED - use analysis_run_info)',
      type: 'gauge',
      samples: phases,
    },
    {
      name: 'analysis_run_metric_type',
      help: 'Information on the type of a specific metric in the Analysis Runs',
      type: 'gauge',
      samples: metricTypes,
    },
    {
      name: 'analysis_run_metric_phase',
      help: 'Information on the duration of a specific metric in the Analysis Run',
      type: 'gauge',
      samples: metricPhases,
    },
  ];
}

/** Dry-run metric names; a rule that names no metric is ignored here (the run reports it), as Argo does. */
function dryRunNames(run: AnalysisRun, metrics: readonly Metric[]): Set<string> {
  try {
    return dryRunMetricNames(
      run.spec.dryRun,
      metrics.map((metric) => metric.name),
    );
  } catch {
    return new Set();
  }
}

export function analysisTemplateFamilies(
  templates: ReadonlyArray<Stored<AnalysisTemplate> | Stored<ClusterAnalysisTemplate>>,
): MetricFamily[] {
  const info: Sample[] = [];
  const metricInfo: Sample[] = [];
  for (const template of templates) {
    const base = { namespace: template.metadata.namespace, name: template.metadata.name };
    info.push({ name: 'analysis_template_info', labels: base, value: 1 });
    for (const metric of template.spec.metrics ?? []) {
      metricInfo.push({
        name: 'analysis_template_metric_info',
        labels: { ...base, type: metricProviderType(metric), metric: metric.name },
        value: 1,
      });
    }
  }
  return [
    { name: 'analysis_template_info', help: 'Information about analysis templates.', type: 'gauge', samples: info },
    {
      name: 'analysis_template_metric_info',
      help: 'Information on metrics in analysis templates.',
      type: 'gauge',
      samples: metricInfo,
    },
  ];
}
