// The AnalysisRuns a rollout owns in the store, found by their owner reference.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { controllerOwner } from './controller-owner.ts';

export function ownedAnalysisRuns(
  store: Pick<ObjectStore, 'list'>,
  namespace: string,
  rolloutName: string,
): AnalysisRun[] {
  return store
    .list('AnalysisRun', namespace)
    .filter((run) =>
      run.metadata.ownerReferences?.some((owner) => owner.kind === 'Rollout' && owner.name === rolloutName),
    );
}

/** The rollout that controls an object (a run, a ReplicaSet, an Experiment), if any. */
export function ownerOf(object: unknown): string | undefined {
  return controllerOwner(object, 'Rollout');
}
