// A rollout's AnalysisRuns for the loop: the run the engine's createAnalysisRun asks for, built with
// the templates the reader holds, and the runs the rollout owns as the engine observes them. This
// is the one place that decides the status a run is created with: Running (startedAt now), so that
// whoever sees the rollout move on from the pass that made it (a pause, a new step) also sees the run
// Running; Argo creates it without a status and leaves Running to the analysis controller's first
// pass, a race its own e2e suite (TestCanaryBackgroundAnalysis) can lose. A run whose templates
// cannot be found or merged is created already in phase Error with the reason, so the rollout
// reacts as to a failed analysis.
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import type { ObservedAnalysisRun } from '../../engine/types.ts';
import {
  observeAnalysisRun,
  rolloutAnalysisRun,
  type CreateAnalysisRun,
  type NewAnalysisRun,
} from '../analysis/rollout-run-object.ts';
import type { RolloutReader } from './ports.ts';

/** The run `action` asks for, owned by `rollout`: Running, or in phase Error when its templates cannot be used. */
export function analysisRunToCreate(
  action: CreateAnalysisRun,
  rollout: Stored<Rollout>,
  reader: RolloutReader,
  now: number,
): NewAnalysisRun {
  const namespace = rollout.metadata.namespace;
  const { run, error } = rolloutAnalysisRun(action, rollout, namespace, (name, clusterScope) =>
    clusterScope ? reader.get('ClusterAnalysisTemplate', '', name) : reader.get('AnalysisTemplate', namespace, name),
  );
  const at = formatTimestamp(now);
  if (error === undefined) return { ...run, status: { phase: 'Running', startedAt: at } };
  return { ...run, status: { phase: 'Error', message: error, startedAt: at, completedAt: at } };
}

/** The runs `rollout` owns, as the engine observes them. */
export function observeAnalysisRuns(rollout: Stored<Rollout>, reader: RolloutReader): ObservedAnalysisRun[] {
  return reader.analysisRunsOf(rollout).map(observeAnalysisRun);
}
