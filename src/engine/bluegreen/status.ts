// The status a blue-green reconcile writes (Argo's syncRolloutStatusBlueGreen): selectors,
// promotion run statuses, the scale-up checkpoint, stableRS on full promotion, replica counts
// read from the active ReplicaSet, then the shared conditions, pause bookkeeping and phase.
import type { BlueGreenStatus, RolloutStatus } from '../../api/types/rollout-status.ts';
import type { LabelSelector } from '../../api/types/meta.ts';
import { allReplicaSets, type EngineContext } from '../core/context.ts';
import { formatLabelSelector } from '../core/label-selector.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import { clearPauses, hasAddedPause, isAborted, removeAbort } from '../core/pause.ts';
import { actualReplicas, availableReplicas } from '../core/replica-counts.ts';
import { hasScaleDownDeadline } from '../core/scale-down-delay.ts';
import { rollbackWithinWindow } from '../core/rollback-window.ts';
import { baseStatus, calculateConditions, finalizeStatus, promoteStable } from '../core/status.ts';
import type { PromotionRunStatuses } from './analysis-runs.ts';
import {
  currentNewRS,
  pauseProgressInput,
  prePromotionComplete,
  replicaSetByHash,
  type BlueGreenFacts,
} from './facts.ts';
import { completedBlueGreenPause } from './pause.ts';
import { fullPromotionReason, scaleUpPreviewCheckPoint } from './promotion.ts';

export interface BlueGreenOutcome {
  activeSelector: string;
  previewSelector: string;
  runs: PromotionRunStatuses;
  /** The pod template changed since the last status: this pass only resets the update. */
  templateChanged: boolean;
}

const noIndefiniteStep = (): boolean => false;

export function syncBlueGreenStatus(
  ctx: EngineContext,
  facts: BlueGreenFacts,
  outcome: BlueGreenOutcome,
): RolloutStatus {
  const prev = ctx.previous;
  const next = baseStatus(ctx);
  if (prev.stableRS) next.stableRS = prev.stableRS;
  else delete next.stableRS;
  if (outcome.templateChanged) {
    clearPauses(ctx.pause);
    removeAbort(ctx.pause);
    delete next.promoteFull;
  }
  const withinWindow = rollbackWithinWindow(ctx);
  if (prev.promoteFull || withinWindow) {
    clearPauses(ctx.pause);
    removeAbort(ctx.pause);
  }

  const blueGreen: BlueGreenStatus = {};
  if (outcome.previewSelector) blueGreen.previewSelector = outcome.previewSelector;
  if (outcome.activeSelector) blueGreen.activeSelector = outcome.activeSelector;
  if (!outcome.templateChanged) {
    if (outcome.runs.prePromotion) blueGreen.prePromotionAnalysisRunStatus = outcome.runs.prePromotion;
    if (outcome.runs.postPromotion) blueGreen.postPromotionAnalysisRunStatus = outcome.runs.postPromotion;
  }
  next.blueGreen = blueGreen;

  const newRS = currentNewRS(ctx, facts);
  const reason = fullPromotionReason({
    strategy: facts.strategy,
    noStable: ctx.roles.stableRS === undefined,
    activeSelector: outcome.activeSelector,
    currentPodHash: ctx.roles.currentPodHash,
    promoteFull: prev.promoteFull === true,
    rollbackWithinWindow: withinWindow,
    aborted: isAborted(ctx.pause),
    newRS,
    newHasScaleDownDeadline: hasScaleDownDeadline(facts.newRS),
    postPromotionPhase: outcome.runs.postPromotion?.status,
  });
  if (reason) promoteBlueGreen(ctx, next, reason);
  else if (!outcome.templateChanged && checkPoint(ctx, facts)) blueGreen.scaleUpPreviewCheckPoint = true;

  countFromActive(ctx, next, outcome.activeSelector);
  calculateConditions(ctx, next, noIndefiniteStep);
  return finalizeStatus(ctx, next, noIndefiniteStep);
}

function checkPoint(ctx: EngineContext, facts: BlueGreenFacts): boolean {
  const prev = ctx.previous;
  return scaleUpPreviewCheckPoint({
    strategy: facts.strategy,
    previous: prev.blueGreen?.scaleUpPreviewCheckPoint === true,
    prePromotionComplete: prePromotionComplete(facts),
    pauseComplete: completedBlueGreenPause({
      ...pauseProgressInput(ctx, facts),
      addingPause: hasAddedPause(ctx.pause),
    }),
    newAvailable: currentNewRS(ctx, facts).availableReplicas,
  });
}

function promoteBlueGreen(ctx: EngineContext, next: RolloutStatus, reason: string): void {
  if (next.blueGreen) delete next.blueGreen.scaleUpPreviewCheckPoint;
  promoteStable(ctx, next, reason);
}

/** HPA replicas, selector and availability describe what the active Service selects. */
function countFromActive(ctx: EngineContext, next: RolloutStatus, activeSelector: string): void {
  const active = replicaSetByHash(ctx, activeSelector);
  if (active) {
    next.HPAReplicas = active.currentReplicas;
    next.selector = formatLabelSelector(withHash(ctx.rollout.spec.selector, active.podTemplateHash));
    next.availableReplicas = active.availableReplicas;
    next.readyReplicas = active.readyReplicas;
    return;
  }
  const all = allReplicaSets(ctx);
  next.HPAReplicas = actualReplicas(all);
  next.selector = formatLabelSelector(ctx.rollout.spec.selector);
  next.availableReplicas = availableReplicas(all);
}

function withHash(selector: LabelSelector | undefined, hash: string): LabelSelector {
  return { ...selector, matchLabels: { ...(selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
}
