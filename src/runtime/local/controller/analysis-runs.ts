// The AnalysisRuns a rollout owns in the store, found by their owner reference.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { ObjectStore } from '../store/object-store.ts';

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

/** The rollout that owns a run, if any. */
export function ownerOf(object: {
  metadata: { ownerReferences?: Array<{ kind: string; name: string }> };
}): string | undefined {
  return object.metadata.ownerReferences?.find((owner) => owner.kind === 'Rollout')?.name;
}
