// Label or annotation changes as the engine's actions carry them: a null value removes the key.

export function applyMetadataChanges(
  current: Record<string, string>,
  changes: Record<string, string | null> | undefined,
): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
