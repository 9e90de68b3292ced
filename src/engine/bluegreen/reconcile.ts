// One reconcile of a blue-green rollout (Argo's rolloutBlueGreen): the new ReplicaSet, the preview
// Service, replica counts, the pause, the active Service switch, promotion analysis, then status.
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import type { Decision, ObservedState } from '../types.ts';
import { buildContext, decisionOf, emitEvent, requeueAfter, type EngineContext } from '../core/context.ts';
import { Message, Reason } from '../core/conditions.ts';
import { ensureNewReplicaSet } from '../core/new-replicaset.ts';
import { reconcileEphemeralMetadata } from '../core/ephemeral-metadata.ts';
import { addPause, hasAddedPause, removePause } from '../core/pause.ts';
import { podTemplateOrStepsChanged } from '../core/revisions.ts';
import { reconcileRestart } from '../core/restart.ts';
import { pausedConditions } from '../core/status.ts';
import { reconcileBlueGreenAnalysis, type PromotionRunStatuses } from './analysis-runs.ts';
import {
  blueGreenFacts,
  currentNewRS,
  pauseProgressInput,
  prePromotionComplete,
  previewTarget,
  type BlueGreenFacts,
} from './facts.ts';
import { completedBlueGreenPause, decideBlueGreenPause } from './pause.ts';
import { readyForPause } from './replica-targets.ts';
import { isSaturated } from '../core/saturation.ts';
import { reconcileBlueGreenReplicaSets } from './replica-sets.ts';
import { desiredActiveSelector, desiredPreviewSelector, isFastTracked } from './services.ts';
import { syncBlueGreenStatus } from './status.ts';

export function reconcileBlueGreen(observed: ObservedState, now: number): Decision {
  const ctx = buildContext(observed, now);
  return decisionOf(ctx, reconcileBlueGreenContext(ctx));
}

/** The same reconcile on a context the caller built (its actions, events and requeue end up in `ctx`). */
export function reconcileBlueGreenContext(ctx: EngineContext): RolloutStatus {
  const strategy = ctx.rollout.spec.strategy.blueGreen;
  if (!strategy) throw new Error('reconcileBlueGreen called for a rollout without spec.strategy.blueGreen');
  pausedConditions(ctx);
  const templateChanged = podTemplateOrStepsChanged(ctx.observed, ctx.roles, undefined);
  const newRS = ensureNewReplicaSet(ctx, true);
  if (!newRS) throw new Error('the new ReplicaSet could not be planned');
  const facts = blueGreenFacts(ctx, strategy, newRS);

  const previewSelector = strategy.previewService
    ? desiredPreviewSelector(facts.previewSelector, newRS.podTemplateHash, facts.halted)
    : '';
  let activeSelector = facts.activeSelector;
  let runs: PromotionRunStatuses = {};
  // As Argo, the preview Service is pointed right after the new ReplicaSet, before anything scales.
  pointPreview(ctx, facts, previewSelector);
  if (!templateChanged) {
    reconcileRestart(ctx);
    reconcileBlueGreenReplicaSets(ctx, facts);
    activeSelector = reconcilePauseAndActiveService(ctx, facts);
    runs = reconcileBlueGreenAnalysis(ctx, facts);
    reconcileEphemeralMetadata(ctx);
  }
  pointActive(ctx, facts, activeSelector);
  return syncBlueGreenStatus(ctx, facts, { activeSelector, previewSelector, runs, templateChanged });
}

/** Adds or lifts the BlueGreenPause, then decides what the active Service selects. */
function reconcilePauseAndActiveService(ctx: EngineContext, facts: BlueGreenFacts): string {
  const prev = ctx.previous;
  const newRS = currentNewRS(ctx, facts);
  const ready = readyForPause(newRS, previewTarget(ctx, facts));
  const promoteFull = prev.promoteFull === true;
  // The deadline seen at the start of the pass counts, even if this pass removed it.
  const fastTracked = isFastTracked({ newRS: facts.newRS, promoteFull, activeSelector: facts.activeSelector });
  const pauseInput = pauseProgressInput(ctx, facts);
  const decision = decideBlueGreenPause({
    ...pauseInput,
    aborted: prev.abort === true,
    newReady: ready,
    halted: facts.halted,
    fastTracked,
    prePromotionComplete: prePromotionComplete(facts),
  });
  if (decision.kind === 'add') addPause(ctx.pause, 'BlueGreenPause');
  if (decision.kind === 'remove') removePause(ctx.pause, 'BlueGreenPause');
  if (decision.kind === 'wait' && decision.at !== undefined) requeueAfter(ctx, decision.at - ctx.now);

  return desiredActiveSelector({
    newRS: facts.newRS,
    promoteFull,
    activeSelector: facts.activeSelector,
    halted: facts.halted,
    newReadyAndSaturated: ready && isSaturated(newRS, facts.desiredReplicas),
    pauseComplete: completedBlueGreenPause({ ...pauseInput, addingPause: hasAddedPause(ctx.pause) }),
    prePromotionComplete: prePromotionComplete(facts),
    aborted: prev.abort === true,
    stableHash: prev.stableRS,
    stableAvailable: ctx.roles.stableRS?.availableReplicas ?? 0,
  });
}

/**
 * Points the Services. When the runtime reports their selectors, only a difference is an action;
 * when it does not, the selectors are repeated on every pass so one reset by someone else is put
 * back. The SwitchService event marks a real change.
 */
function pointPreview(ctx: EngineContext, facts: BlueGreenFacts, preview: string): void {
  const { previewService } = facts.strategy;
  if (previewService && preview) pointService(ctx, facts, previewService, facts.previewSelector, preview);
}

function pointActive(ctx: EngineContext, facts: BlueGreenFacts, active: string): void {
  if (active) pointService(ctx, facts, facts.strategy.activeService, facts.activeSelector, active);
}

function pointService(
  ctx: EngineContext,
  facts: BlueGreenFacts,
  service: string,
  current: string,
  wanted: string,
): void {
  if (facts.selectorsObserved && current === wanted) return;
  ctx.actions.push({ type: 'setServiceSelector', service, podTemplateHash: wanted });
  if (current !== wanted)
    emitEvent(ctx, 'Normal', Reason.SwitchService, Message.switchService(service, current, wanted));
}
