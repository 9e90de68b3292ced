// Which object controls another: the owner reference of a kind marked `controller: true` (as
// Kubernetes' GetControllerOf reads it; an object has at most one). One lookup for the local
// runtime's controllers, its watch stream and its detail reads.

interface OwnerReferenceLike {
  kind?: unknown;
  name?: unknown;
  controller?: unknown;
}

/** The name of the controller owner of kind `kind` of `object` (a stored object, or anything a change carries). */
export function controllerOwner(object: unknown, kind: string): string | undefined {
  const owners = (object as { metadata?: { ownerReferences?: unknown } } | null | undefined)?.metadata?.ownerReferences;
  if (!Array.isArray(owners)) return undefined;
  const owner = (owners as OwnerReferenceLike[]).find(
    (ref) => ref !== null && typeof ref === 'object' && ref.kind === kind && ref.controller === true,
  );
  return typeof owner?.name === 'string' ? owner.name : undefined;
}
