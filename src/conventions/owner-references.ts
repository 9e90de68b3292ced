// Which object owns another, read from its ownerReferences: the owner of a kind, or only the one
// marked `controller: true` (as Kubernetes' GetControllerOf reads it; an object has at most one).
// One lookup for the runtimes' controllers and for the view. Takes anything (a stored object, what
// a change or a watch event carries) and answers undefined for what is not an owner reference.

interface OwnerReferenceLike {
  kind?: unknown;
  name?: unknown;
  controller?: unknown;
}

/** The name of an owner of kind `kind` of `object`; with `controllerOnly`, only the one that controls it. */
export function ownerOfKind(object: unknown, kind: string, controllerOnly = false): string | undefined {
  const owners = (object as { metadata?: { ownerReferences?: unknown } } | null | undefined)?.metadata?.ownerReferences;
  if (!Array.isArray(owners)) return undefined;
  const owner = (owners as OwnerReferenceLike[]).find(
    (ref) =>
      ref !== null &&
      typeof ref === 'object' &&
      ref.kind === kind &&
      typeof ref.name === 'string' &&
      (!controllerOnly || ref.controller === true),
  );
  return owner?.name as string | undefined;
}

/** The name of the controller owner of kind `kind` of `object`. */
export function controllerOwner(object: unknown, kind: string): string | undefined {
  return ownerOfKind(object, kind, true);
}
