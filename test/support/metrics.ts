// Builders of metrics and AnalysisRuns for integration tests.
import type { AnalysisRun, Metric } from '../../src/api/types/analysis.ts';

export function metric(
  name: string,
  provider: Metric['provider'],
  fields: Partial<Omit<Metric, 'name' | 'provider'>> = {},
): Metric {
  return { name, provider, ...fields };
}

export function analysisRun(metrics: Metric[], name = 'test-run'): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace: 'default' },
    spec: { metrics },
  };
}
