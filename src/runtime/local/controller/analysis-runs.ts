// AnalysisRuns of a rollout in the store: built from the engine's createAnalysisRun action with the
// templates held in the store, and read back as the engine observes them.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { formatTimestamp } from '../../../engine/core/time.ts';
import type { ObservedAnalysisRun } from '../../../engine/types.ts';
import { observeAnalysisRun, rolloutAnalysisRun, type CreateAnalysisRun } from '../../analysis/rollout-run-object.ts';
import type { ObjectStore } from '../store/object-store.ts';

/**
 * The AnalysisRun the action asks for. A template that cannot be found or merged gives a run that
 * ends at once in Error with the reason, so the rollout reacts as to a failed analysis.
 */
export function analysisRunFor(action: CreateAnalysisRun, rollout: Rollout, namespace: string, store: ObjectStore, now: number): AnalysisRun {
  const { run, error } = rolloutAnalysisRun(action, rollout, namespace, (name, clusterScope) =>
    clusterScope ? store.get('ClusterAnalysisTemplate', '', name) : store.get('AnalysisTemplate', namespace, name),
  );
  if (error === undefined) return run;
  const at = formatTimestamp(now);
  return { ...run, status: { phase: 'Error', message: error, startedAt: at, completedAt: at } };
}

/** Runs owned by the rollout, as the engine observes them. */
export function observeAnalysisRuns(store: ObjectStore, namespace: string, rolloutName: string): ObservedAnalysisRun[] {
  return ownedAnalysisRuns(store, namespace, rolloutName).map(observeAnalysisRun);
}

export function ownedAnalysisRuns(store: ObjectStore, namespace: string, rolloutName: string): AnalysisRun[] {
  return store.list('AnalysisRun', namespace).filter((run) => run.metadata.ownerReferences?.some((owner) => owner.kind === 'Rollout' && owner.name === rolloutName));
}

/** The rollout that owns a run, if any. */
export function ownerOf(object: { metadata: { ownerReferences?: Array<{ kind: string; name: string }> } }): string | undefined {
  return object.metadata.ownerReferences?.find((owner) => owner.kind === 'Rollout')?.name;
}
