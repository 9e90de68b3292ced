// When the blue-green update is complete and the new revision becomes stable (Argo's
// shouldFullPromote for blue-green), and whether the preview has passed its scale-up checkpoint.
import type { BlueGreenStrategy } from '../../api/types/rollout.ts';
import type { ObservedReplicaSet } from '../types.ts';

export interface FullPromotionInput {
  strategy: BlueGreenStrategy;
  /** No stable ReplicaSet exists. */
  noStable: boolean;
  /** The active selector after this reconcile ('' for none). */
  activeSelector: string;
  currentPodHash: string;
  promoteFull: boolean;
  /** Going back to one of the last spec.rollbackWindow.revisions revisions. */
  rollbackWithinWindow: boolean;
  aborted: boolean;
  newRS: ObservedReplicaSet;
  newHasScaleDownDeadline: boolean;
  /** Phase of the current post-promotion run after this reconcile, if any. */
  postPromotionPhase: string | undefined;
}

/** Why the new revision becomes stable now, or '' while the update is still under way. */
export function fullPromotionReason(input: FullPromotionInput): string {
  if (input.noStable || input.activeSelector === '') return 'Initial deploy';
  if (input.activeSelector !== input.currentPodHash) return '';
  if (input.promoteFull) return 'Full promotion requested';
  if (input.rollbackWithinWindow) return 'Rollback within window';
  if (input.aborted) return '';
  if (input.strategy.postPromotionAnalysis) {
    if (input.newHasScaleDownDeadline) return `Rollback to '${input.newRS.name}' within scaleDownDelay`;
    if (input.postPromotionPhase !== 'Successful') return '';
  }
  return 'Completed blue-green update';
}

export interface CheckPointInput {
  strategy: BlueGreenStrategy;
  previous: boolean;
  prePromotionComplete: boolean;
  pauseComplete: boolean;
  newAvailable: number;
}

/**
 * status.blueGreen.scaleUpPreviewCheckPoint: a one-way switch, set once the rollout was promoted
 * (pause and pre-promotion analysis behind it) with previewReplicaCount pods available; it lets the
 * preview grow to full size. Reset by a template change or a full promotion.
 */
export function scaleUpPreviewCheckPoint(input: CheckPointInput): boolean {
  if (input.strategy.previewReplicaCount === undefined) return false;
  if (input.previous) return true;
  if (!input.prePromotionComplete || !input.pauseComplete) return false;
  return input.newAvailable === input.strategy.previewReplicaCount;
}
