// Which revision the active and preview Services select. The preview follows the newest revision
// at once; the active switches only when the new ReplicaSet is fully ready and the pause and
// pre-promotion analysis are behind us, and goes back to the stable revision on abort.
import type { ObservedReplicaSet } from '../types.ts';
import { hasScaleDownDeadline } from '../core/scale-down-delay.ts';

export interface FastTrackInput {
  newRS: ObservedReplicaSet;
  promoteFull: boolean;
  /** What the active Service selects now ('' when it has no revision selector yet). */
  activeSelector: string;
}

/**
 * An update that skips the pause and analysis gate: the first revision (the active Service selects
 * nothing yet), a full promotion, the active already on the new revision, or a return to a
 * revision still kept up by its scale-down delay (a fast rollback).
 */
export function isFastTracked(input: FastTrackInput): boolean {
  if (hasScaleDownDeadline(input.newRS)) return true;
  if (input.promoteFull) return true;
  if (input.activeSelector === '') return true;
  return input.activeSelector === input.newRS.podTemplateHash;
}

export interface ActiveSelectorInput extends FastTrackInput {
  /** spec.paused or an inconclusive-analysis pause. */
  halted: boolean;
  /** The new ReplicaSet is at its target with every pod available, and saturated. */
  newReadyAndSaturated: boolean;
  pauseComplete: boolean;
  prePromotionComplete: boolean;
  /** status.abort as last written. */
  aborted: boolean;
  stableHash: string | undefined;
  /** Available pods of the stable ReplicaSet (0 when there is none). */
  stableAvailable: number;
}

/** The hash the active Service should select after this reconcile ('' for none yet). */
export function desiredActiveSelector(input: ActiveSelectorInput): string {
  const current = input.activeSelector;
  if (input.halted) return current;
  if (input.aborted && input.stableHash) {
    // Back to stable as soon as it can serve, whatever state the aborted revision is in.
    return input.stableAvailable > 0 ? input.stableHash : current;
  }
  if (!input.newReadyAndSaturated) return current;
  let next = current;
  if (isFastTracked(input)) next = input.newRS.podTemplateHash;
  if (input.pauseComplete && input.prePromotionComplete) next = input.newRS.podTemplateHash;
  return next;
}

/** The preview Service follows the newest revision unless progress is halted. */
export function desiredPreviewSelector(current: string, newHash: string, halted: boolean): string {
  return halted ? current : newHash;
}
