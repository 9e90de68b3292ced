// Applies label or annotation changes where a null value removes the key (the engine's rule).
import { applyMetadataChanges } from '../../../engine/core/metadata-changes.ts';

export { applyMetadataChanges };

/** As applyMetadataChanges, but an absent map stays absent when nothing is added to it (templates are compared by content). */
export function applyOptionalMetadataChanges(current: Record<string, string> | undefined, changes: Record<string, string | null> | undefined): Record<string, string> | undefined {
  if (!changes || Object.keys(changes).length === 0) return current;
  const next = applyMetadataChanges(current ?? {}, changes);
  return current === undefined && Object.keys(next).length === 0 ? undefined : next;
}
