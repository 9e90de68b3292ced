// `get experiment NAME` as Argo's plugin shows it: the header (name, namespace, status, message,
// the images its templates run) and the tree of the Experiment, its ReplicaSets with their pods,
// and its AnalysisRuns with their Jobs.
import type { Experiment } from '../api/types/experiment.ts';
import type { RolloutViewInput } from './inputs.ts';
import type { ExperimentView, ImageView } from './model.ts';
import { imagesOf } from './rollout-header.ts';
import { experimentView } from './rollout-view.ts';

export interface ExperimentTreeView {
  experiment: ExperimentView;
  message: string;
  images: ImageView[];
}

export type ExperimentTreeInput = Pick<RolloutViewInput, 'replicaSets' | 'pods' | 'analysisRuns' | 'jobs'>;

export function experimentTreeView(
  experiment: Experiment,
  objects: ExperimentTreeInput,
  now: number,
): ExperimentTreeView {
  const view = experimentView(experiment, { ...objects, now }, objects.jobs ?? []);
  return {
    experiment: view,
    message: experiment.status?.message ?? '',
    images: imagesOf([], view.replicaSets),
  };
}
