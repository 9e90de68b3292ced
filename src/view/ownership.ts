// Which object owns which: by ownerReferences (uid when both sides have one, else kind and name).
import type { ObjectMeta } from '../api/types/meta.ts';
import { ownerOfKind } from '../conventions/owner-references.ts';

export function isOwnedBy(child: ObjectMeta, ownerKind: string, owner: ObjectMeta): boolean {
  return (child.ownerReferences ?? []).some((ref) => {
    if (ref.kind !== ownerKind) return false;
    if (ref.uid && owner.uid) return ref.uid === owner.uid;
    return ref.name === owner.name;
  });
}

/**
 * The name of an owner of the given kind, if any, whether or not it is marked controller: Argo's
 * `get rollout` tree files a ReplicaSet or AnalysisRun under any object its ownerReferences name.
 */
export function ownerName(child: ObjectMeta, ownerKind: string): string | undefined {
  return ownerOfKind({ metadata: child }, ownerKind);
}
