// Builds the RolloutView from plain objects: the header, then the tree of revisions (newest
// first), each with its ReplicaSets and their pods, its experiments and its AnalysisRuns.
import type { AnalysisRun } from '../api/types/analysis.ts';
import type { Experiment } from '../api/types/experiment.ts';
import { REVISION_ANNOTATION } from '../conventions/labels.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';
import type { Job, Pod, ReplicaSetInput, RolloutViewInput } from './inputs.ts';
import type { ExperimentView, RevisionView, RolloutView } from './model.ts';
import { analysisRunView, compareAnalysisRuns } from './analysis-run-view.ts';
import { ageAt } from './human-duration.ts';
import { isOwnedBy, ownerName } from './ownership.ts';
import { compareReplicaSets, parseRevision, replicaSetView } from './replica-set-view.ts';
import { imagesOf, rolloutHeader } from './rollout-header.ts';
import { analysisStatusKind, rolloutStatusKind } from './status-kinds.ts';

export function rolloutView(input: RolloutViewInput): RolloutView {
  const { rollout, now } = input;
  const jobs = input.jobs ?? [];
  const ownReplicaSets = input.replicaSets.filter((rs) => ownerName(rs.metadata, 'Experiment') === undefined);
  const replicaSets = ownReplicaSets.map((rs) => replicaSetView(rs, rollout, input.pods, now)).sort(compareReplicaSets);
  const analysisRuns = input.analysisRuns
    .filter((run) => ownerName(run.metadata, 'Experiment') === undefined)
    .map((run) => analysisRunView(run, jobs, now))
    .sort(compareAnalysisRuns);
  const experiments = (input.experiments ?? []).map((experiment) => experimentView(experiment, input, jobs));

  const header = rolloutHeader(rollout, replicaSets);
  const createdAt = parseTimestamp(rollout.metadata.creationTimestamp);
  const revisionNumbers = [
    ...new Set([...replicaSets, ...experiments, ...analysisRuns].map((node) => node.revision)),
  ].sort((a, b) => b - a);
  const revisions: RevisionView[] = revisionNumbers.map((revision) => ({
    revision,
    replicaSets: replicaSets.filter((rs) => rs.revision === revision),
    experiments: experiments.filter((experiment) => experiment.revision === revision),
    analysisRuns: analysisRuns.filter((run) => run.revision === revision),
  }));

  return {
    kind: 'Rollout',
    name: rollout.metadata.name ?? '',
    ...(rollout.metadata.namespace ? { namespace: rollout.metadata.namespace } : {}),
    status: { text: header.phase, kind: rolloutStatusKind(header.phase) },
    ...(createdAt !== undefined ? { createdAt } : {}),
    age: ageAt(createdAt, now),
    message: header.message,
    strategy: header.strategy,
    ...(header.step !== undefined ? { step: header.step } : {}),
    ...(header.setWeight !== undefined ? { setWeight: header.setWeight } : {}),
    ...(header.actualWeight !== undefined ? { actualWeight: header.actualWeight } : {}),
    images: imagesOf(
      replicaSets,
      experiments.flatMap((experiment) => experiment.replicaSets),
    ),
    replicas: header.replicas,
    revisions,
  };
}

/** One Experiment with the ReplicaSets (and their pods) and AnalysisRuns (and their Jobs) it owns. */
export function experimentView(
  experiment: Experiment,
  input: Pick<RolloutViewInput, 'replicaSets' | 'pods' | 'analysisRuns' | 'now'>,
  jobs: Job[],
): ExperimentView {
  const { now } = input;
  const phase = typeof experiment.status?.phase === 'string' ? experiment.status.phase : '';
  const createdAt = parseTimestamp(experiment.metadata.creationTimestamp);
  const owned = <T extends { metadata: Pod['metadata'] }>(items: T[]) =>
    items.filter((item) => isOwnedBy(item.metadata, 'Experiment', experiment.metadata));
  return {
    kind: 'Experiment',
    name: experiment.metadata.name ?? '',
    ...(experiment.metadata.namespace ? { namespace: experiment.metadata.namespace } : {}),
    status: { text: phase, kind: analysisStatusKind(phase) },
    ...(createdAt !== undefined ? { createdAt } : {}),
    age: ageAt(createdAt, now),
    revision: parseRevision(experiment.metadata.annotations?.[REVISION_ANNOTATION]),
    replicaSets: owned<ReplicaSetInput>(input.replicaSets)
      .map((rs) => replicaSetView(rs, undefined, input.pods, now))
      .sort(compareReplicaSets),
    analysisRuns: owned<AnalysisRun>(input.analysisRuns)
      .map((run) => analysisRunView(run, jobs, now))
      .sort(compareAnalysisRuns),
  };
}
