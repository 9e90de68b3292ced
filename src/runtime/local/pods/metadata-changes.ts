// Applies label or annotation changes where a null value removes the key.

export function applyMetadataChanges(current: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** As applyMetadataChanges, but an absent map stays absent when nothing is added to it (templates are compared by content). */
export function applyOptionalMetadataChanges(current: Record<string, string> | undefined, changes: Record<string, string | null> | undefined): Record<string, string> | undefined {
  if (!changes || Object.keys(changes).length === 0) return current;
  const next = applyMetadataChanges(current ?? {}, changes);
  return current === undefined && Object.keys(next).length === 0 ? undefined : next;
}
