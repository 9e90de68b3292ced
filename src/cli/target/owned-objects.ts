// Which of a namespace's objects belong to a rollout, as `get rollout` shows them: its
// ReplicaSets (and its experiments' ones), their pods, its AnalysisRuns (and its experiments'
// ones) and the Jobs those runs started. Ownership is by ownerReferences.
import type { AnalysisRun } from '../../api/types/analysis.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { Job, Pod, ReplicaSetInput } from '../../view/inputs.ts';
import { isOwnedBy } from '../../view/ownership.ts';
import type { ExperimentObjects, RolloutObjects } from './target.ts';

export interface NamespaceObjects {
  replicaSets: ReplicaSetInput[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
  experiments?: Experiment[];
  jobs?: Job[];
}

export function ownedObjects(rollout: Rollout, all: NamespaceObjects): RolloutObjects {
  const experiments = (all.experiments ?? []).filter((experiment) =>
    isOwnedBy(experiment.metadata, 'Rollout', rollout.metadata),
  );
  const ownedByRolloutOrExperiment = (meta: Parameters<typeof isOwnedBy>[0]) =>
    isOwnedBy(meta, 'Rollout', rollout.metadata) ||
    experiments.some((experiment) => isOwnedBy(meta, 'Experiment', experiment.metadata));
  const replicaSets = all.replicaSets.filter((rs) => ownedByRolloutOrExperiment(rs.metadata));
  const pods = all.pods.filter((pod) => replicaSets.some((rs) => isOwnedBy(pod.metadata, 'ReplicaSet', rs.metadata)));
  const analysisRuns = all.analysisRuns.filter((run) => ownedByRolloutOrExperiment(run.metadata));
  const jobs = (all.jobs ?? []).filter((job) =>
    analysisRuns.some((run) => isOwnedBy(job.metadata, 'AnalysisRun', run.metadata)),
  );
  return {
    rollout,
    replicaSets,
    pods,
    analysisRuns,
    ...(all.jobs ? { jobs } : {}),
    ...(all.experiments ? { experiments } : {}),
  };
}

/** `app=web,tier=front` from the rollout's matchLabels (undefined when it has none: list everything). */
export function matchLabelsSelector(rollout: Rollout): string | undefined {
  const labels = rollout.spec.selector?.matchLabels ?? {};
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return pairs.length > 0 ? pairs.join(',') : undefined;
}

/** The objects an Experiment owns, out of all those of its namespace. */
export function experimentOwnedObjects(
  experiment: Experiment,
  all: Omit<NamespaceObjects, 'experiments'>,
): ExperimentObjects {
  const replicaSets = all.replicaSets.filter((rs) => isOwnedBy(rs.metadata, 'Experiment', experiment.metadata));
  const pods = all.pods.filter((pod) => replicaSets.some((rs) => isOwnedBy(pod.metadata, 'ReplicaSet', rs.metadata)));
  const analysisRuns = all.analysisRuns.filter((run) => isOwnedBy(run.metadata, 'Experiment', experiment.metadata));
  const jobs = (all.jobs ?? []).filter((job) =>
    analysisRuns.some((run) => isOwnedBy(job.metadata, 'AnalysisRun', run.metadata)),
  );
  return { experiment, replicaSets, pods, analysisRuns, jobs };
}
