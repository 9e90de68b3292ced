// Which object owns which: by ownerReferences (uid when both sides have one, else kind and name).
import type { ObjectMeta } from '../api/types/meta.ts';

export function isOwnedBy(child: ObjectMeta, ownerKind: string, owner: ObjectMeta): boolean {
  return (child.ownerReferences ?? []).some((ref) => {
    if (ref.kind !== ownerKind) return false;
    if (ref.uid && owner.uid) return ref.uid === owner.uid;
    return ref.name === owner.name;
  });
}

/** The name of the controller owner of the given kind, if any. */
export function ownerName(child: ObjectMeta, ownerKind: string): string | undefined {
  return (child.ownerReferences ?? []).find((ref) => ref.kind === ownerKind)?.name;
}
