// A rollout's AnalysisRuns for the loop: the run the engine's createAnalysisRun asks for, built with
// the templates the reader holds, and the runs the rollout owns as the engine observes them. This
// is the one place that decides a run whose templates cannot be found or merged: it is created
// already in phase Error with the reason, so the rollout reacts as to a failed analysis.
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import type { ObservedAnalysisRun } from '../../engine/types.ts';
import { observeAnalysisRun, rolloutAnalysisRun, type CreateAnalysisRun, type NewAnalysisRun } from '../analysis/rollout-run-object.ts';
import type { RolloutReader } from './ports.ts';

/** The run `action` asks for, owned by `rollout`; with a status in phase Error when its templates cannot be used. */
export function analysisRunToCreate(action: CreateAnalysisRun, rollout: Stored<Rollout>, reader: RolloutReader, now: number): NewAnalysisRun {
  const namespace = rollout.metadata.namespace;
  const { run, error } = rolloutAnalysisRun(action, rollout, namespace, (name, clusterScope) =>
    clusterScope ? reader.get('ClusterAnalysisTemplate', '', name) : reader.get('AnalysisTemplate', namespace, name),
  );
  if (error === undefined) return run;
  const at = formatTimestamp(now);
  return { ...run, status: { phase: 'Error', message: error, startedAt: at, completedAt: at } };
}

/** The runs `rollout` owns, as the engine observes them. */
export function observeAnalysisRuns(rollout: Stored<Rollout>, reader: RolloutReader): ObservedAnalysisRun[] {
  return reader.analysisRunsOf(rollout).map(observeAnalysisRun);
}
