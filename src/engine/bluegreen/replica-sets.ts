// Scaling the ReplicaSets of a blue-green rollout in one reconcile (Argo's
// reconcileBlueGreenReplicaSets): the active one to full size, the new one to its preview target,
// an aborted preview down after its delay, old ones down after scaleDownDelaySeconds.
import type { ObservedReplicaSet } from '../types.ts';
import { requeueAfter, type EngineContext } from '../core/context.ts';
import { cleanUpRevisionHistory } from '../core/history.ts';
import { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../conventions/labels.ts';
import { isAborted } from '../core/pause.ts';
import { scaleReplicaSet, setReplicaSetAnnotations } from '../core/scale.ts';
import {
  abortScaleDownDelay,
  hasScaleDownDeadline,
  scaleDownDelaySeconds,
  scaleDownRevisionLimit,
} from '../core/scale-down-delay.ts';
import { currentNewRS, previewTarget, replicaSetByHash, type BlueGreenFacts } from './facts.ts';
import { isSaturated } from '../core/saturation.ts';
import { planAbortedPreviewScaleDown, planOldReplicaSetScaleDown, type ReplicaSetChange } from './scale-down.ts';
import { scaleDownProgressively } from '../core/workload-ref.ts';

export function reconcileBlueGreenReplicaSets(ctx: EngineContext, facts: BlueGreenFacts): void {
  removeScaleDownDeadlines(ctx, facts);
  scaleActiveReplicaSet(ctx, facts);
  reconcileNewReplicaSet(ctx, facts);
  reconcileOtherReplicaSets(ctx, facts);
  cleanUpRevisionHistory(ctx, ctx.roles.otherRSs);
}

/**
 * An aborted update delays the preview's scale-down when there is a stable revision to go back to
 * and abortScaleDownDelaySeconds is not an explicit 0 (which keeps the preview up).
 */
export function delaysScaleDownOnAbort(ctx: EngineContext): boolean {
  if (!isAborted(ctx.pause) || !ctx.roles.stableRS) return false;
  return abortScaleDownDelay(ctx.rollout).seconds !== undefined;
}

/** The new and the stable ReplicaSets never wait for a deadline (we moved back to one of them). */
function removeScaleDownDeadlines(ctx: EngineContext, facts: BlueGreenFacts): void {
  const targets: ObservedReplicaSet[] = [];
  if (!delaysScaleDownOnAbort(ctx)) targets.push(currentNewRS(ctx, facts));
  const stable = ctx.roles.stableRS;
  if (stable && stable.name !== currentNewRS(ctx, facts).name) targets.push(stable);
  for (const rs of targets) {
    if (hasScaleDownDeadline(rs)) setReplicaSetAnnotations(ctx, rs, { [SCALE_DOWN_DEADLINE_ANNOTATION]: null });
  }
}

/** Whatever the active Service selects runs at full size. */
function scaleActiveReplicaSet(ctx: EngineContext, facts: BlueGreenFacts): void {
  const active = replicaSetByHash(ctx, facts.activeSelector);
  if (active) scaleReplicaSet(ctx, active, facts.desiredReplicas);
}

function reconcileNewReplicaSet(ctx: EngineContext, facts: BlueGreenFacts): void {
  const newRS = currentNewRS(ctx, facts);
  const target = previewTarget(ctx, facts);
  const abortDelay = abortScaleDownDelay(ctx.rollout).seconds;
  if (delaysScaleDownOnAbort(ctx) && abortDelay !== undefined) {
    // Never take pods away from a revision the active Service still sends traffic to.
    if (facts.activeSelector === newRS.podTemplateHash) return;
    const stable = ctx.roles.stableRS;
    const plan = planAbortedPreviewScaleDown({
      newRS,
      abortDelaySeconds: abortDelay,
      stableFullyAvailable: stable !== undefined && stable.availableReplicas >= facts.desiredReplicas,
      now: ctx.now,
    });
    if (plan.change) applyChange(ctx, plan.change, { keepScaleDownDeadline: true });
    if (plan.wakeAt !== undefined) requeueAfter(ctx, plan.wakeAt - ctx.now);
    return;
  }
  scaleReplicaSet(ctx, newRS, target);
  scaleDownProgressively(ctx, newRS, newRS.replicas, target);
}

/** Old ReplicaSets (neither new nor stable) go down once no Service needs them and their delay ran out. */
function reconcileOtherReplicaSets(ctx: EngineContext, facts: BlueGreenFacts): void {
  if (facts.inconclusivePause) return;
  if (waitsForPostPromotionAnalysis(ctx, facts)) return;
  const prev = ctx.previous;
  const referenced = new Set<string>(
    [prev.stableRS, prev.currentPodHash, facts.activeSelector, facts.previewSelector].filter((h): h is string => !!h),
  );
  const plan = planOldReplicaSetScaleDown({
    others: ctx.roles.otherRSs,
    referencedHashes: referenced,
    desiredReplicas: facts.desiredReplicas,
    scaleDownDelaySeconds: scaleDownDelaySeconds(ctx.rollout),
    revisionLimit: scaleDownRevisionLimit(ctx.rollout),
    now: ctx.now,
  });
  for (const change of plan.changes) applyChange(ctx, change, {});
  if (plan.wakeAt !== undefined) requeueAfter(ctx, plan.wakeAt - ctx.now);
}

/**
 * With post-promotion analysis and no explicit scaleDownDelaySeconds, old ReplicaSets stay up until
 * that analysis succeeds.
 */
function waitsForPostPromotionAnalysis(ctx: EngineContext, facts: BlueGreenFacts): boolean {
  const { strategy } = facts;
  if (!strategy.postPromotionAnalysis || strategy.scaleDownDelaySeconds !== undefined) return false;
  if (skipsPostPromotion(ctx, facts)) return false;
  return facts.postPromotionRun?.phase !== 'Successful';
}

/** Not the moment for post-promotion analysis: the active Service does not select the new revision (yet), or it is already stable. */
export function skipsPostPromotion(ctx: EngineContext, facts: BlueGreenFacts): boolean {
  const newRS = currentNewRS(ctx, facts);
  const hash = newRS.podTemplateHash;
  if (ctx.previous.stableRS === hash || facts.activeSelector !== hash) return true;
  return !isSaturated(newRS, facts.desiredReplicas);
}

function applyChange(ctx: EngineContext, change: ReplicaSetChange, options: { keepScaleDownDeadline?: boolean }): void {
  const rs = latest(ctx, change.rs);
  if (change.kind === 'scale') scaleReplicaSet(ctx, rs, change.replicas, options);
  else setReplicaSetAnnotations(ctx, rs, change.annotations);
}

/** The copy of a ReplicaSet that this pass holds now (earlier steps may have replaced it). */
function latest(ctx: EngineContext, rs: ObservedReplicaSet): ObservedReplicaSet {
  const { newRS, olderRSs } = ctx.roles;
  if (newRS?.name === rs.name) return newRS;
  return olderRSs.find((r) => r.name === rs.name) ?? rs;
}
