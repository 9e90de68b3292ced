// The AnalysisRun an experiment's createAnalysisRun asks for, built from its template as the
// rollout's runs are (buildAnalysisRunSpec): Running at once, or already in phase Error with the
// reason when its templates cannot be found or merged, so the experiment reacts as to a failed run.
import type { AnalysisRun, AnalysisRunSpec } from '../../api/types/analysis.ts';
import { buildAnalysisRunSpec } from '../../analysis/build-run.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import type { ExperimentAction } from '../../engine/experiment.ts';
import type { ExperimentReader } from './ports.ts';

type CreateRun = Extract<ExperimentAction, { type: 'createAnalysisRun' }>;

export function experimentAnalysisRun(
  action: CreateRun,
  namespace: string,
  reader: ExperimentReader,
  now: number,
): AnalysisRun {
  const metadata: AnalysisRun['metadata'] = {
    name: action.name,
    namespace,
    labels: { ...action.labels },
    annotations: { ...action.annotations },
    ownerReferences: action.ownerReferences,
  };
  const args = action.analysis.args ?? [];
  const at = formatTimestamp(now);
  try {
    const spec: AnalysisRunSpec = buildAnalysisRunSpec({
      templates: [
        { templateName: action.analysis.templateName, ...(action.analysis.clusterScope ? { clusterScope: true } : {}) },
      ],
      args,
      ...(action.dryRun ? { dryRun: action.dryRun } : {}),
      ...(action.measurementRetention ? { measurementRetention: action.measurementRetention } : {}),
      lookup: (name, clusterScope) => reader.template(namespace, name, clusterScope),
    });
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata,
      spec,
      status: { phase: 'Running', startedAt: at },
    };
  } catch (error) {
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata,
      spec: { metrics: [], ...(args.length > 0 ? { args } : {}) },
      status: { phase: 'Error', message: (error as Error).message, startedAt: at, completedAt: at },
    };
  }
}
