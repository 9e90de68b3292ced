// AnalysisRuns of a rollout: the object the engine's createAnalysisRun asks for, built from the
// AnalysisTemplates/ClusterAnalysisTemplates in the caches, and the runs a rollout owns as the
// engine observes them. The analysis side of the controller measures and fills their status.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { ObservedAnalysisRun } from '../../../engine/types.ts';
import { observeAnalysisRun, rolloutAnalysisRun, type BuiltRun, type CreateAnalysisRun } from '../../analysis/rollout-run-object.ts';
import { ownerUidIndex } from '../informers/object-store.ts';
import { controllerUidOf, type RolloutCaches } from './caches.ts';

/** The run `action` asks for; when its templates cannot be merged, `error` says why (the run is created, then its status says so). */
export function analysisRunFor(action: CreateAnalysisRun, rollout: Rollout, caches: RolloutCaches): BuiltRun {
  const namespace = rollout.metadata.namespace ?? 'default';
  return rolloutAnalysisRun(action, rollout, namespace, (name, clusterScope) =>
    clusterScope ? caches.clusterAnalysisTemplates.getByName('', name) : caches.analysisTemplates.getByName(namespace, name),
  );
}

/** The runs the rollout controls, as the engine observes them. */
export function observeAnalysisRuns(caches: RolloutCaches, rolloutUid: string): ObservedAnalysisRun[] {
  return ownedAnalysisRuns(caches, rolloutUid).map(observeAnalysisRun);
}

export function ownedAnalysisRuns(caches: RolloutCaches, rolloutUid: string): AnalysisRun[] {
  return caches.analysisRuns.byIndex(ownerUidIndex, rolloutUid).filter((run) => controllerUidOf(run.metadata) === rolloutUid && run.metadata.deletionTimestamp === undefined);
}
