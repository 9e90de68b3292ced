// Label or annotation changes on a map that may be absent, with the engine's rule (a null value removes the key).
import { applyMetadataChanges } from '../../../engine/metadata-changes.ts';

/** As applyMetadataChanges, but an absent map stays absent when nothing is added to it (templates are compared by content). */
export function applyOptionalMetadataChanges(
  current: Record<string, string> | undefined,
  changes: Record<string, string | null> | undefined,
): Record<string, string> | undefined {
  if (!changes || Object.keys(changes).length === 0) return current;
  const next = applyMetadataChanges(current ?? {}, changes);
  return current === undefined && Object.keys(next).length === 0 ? undefined : next;
}
