// Scaling the canary's ReplicaSets for the current step: stable first, then the new one, then
// everything else (scaled down at once without traffic routing, after scaleDownDelaySeconds with it).
import type { ObservedReplicaSet } from '../types.ts';
import { replicasOf } from '../../api/defaults.ts';
import { allReplicaSets, requeueAfter, type EngineContext } from '../core/context.ts';
import { availableReplicas } from '../core/replica-counts.ts';
import { scaleReplicaSet, setReplicaSetAnnotations } from '../core/scale.ts';
import { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../conventions/labels.ts';
import {
  abortScaleDownDelay,
  deadlineAnnotation,
  hasScaleDownDeadline,
  scaleDownDelaySeconds,
  scaleDownRevisionLimit,
  timeBeforeScaleDown,
} from '../core/scale-down-delay.ts';
import {
  basicCanaryCounts,
  hasSeparateStable,
  surgeAndUnavailable,
  trafficRoutedCanaryCounts,
} from './replica-math.ts';
import { shouldDelayScaleDownOnAbort } from './abort-delay.ts';
import { byRevision } from '../core/revisions.ts';
import { scaleDownProgressively } from '../core/workload-ref.ts';

/** Returns true when a ReplicaSet was scaled (the step is not done this pass). */
export function reconcileCanaryReplicaSets(ctx: EngineContext): boolean {
  removeScaleDownDeadlines(ctx);
  if (reconcileStable(ctx)) return true;
  if (reconcileNew(ctx)) return true;
  return reconcileOthers(ctx);
}

function isRouted(ctx: EngineContext): boolean {
  return ctx.rollout.spec.strategy.canary?.trafficRouting !== undefined;
}

function removeScaleDownDeadlines(ctx: EngineContext): void {
  const targets: ObservedReplicaSet[] = [];
  const { newRS, stableRS } = ctx.roles;
  if (newRS && !shouldDelayScaleDownOnAbort(ctx)) targets.push(newRS);
  if (stableRS && (targets.length === 0 || stableRS.name !== newRS?.name)) targets.push(stableRS);
  for (const rs of targets) {
    if (hasScaleDownDeadline(rs)) setReplicaSetAnnotations(ctx, rs, { [SCALE_DOWN_DEADLINE_ANNOTATION]: null });
  }
}

function reconcileStable(ctx: EngineContext): boolean {
  const { newRS, stableRS, otherRSs } = ctx.roles;
  if (!stableRS || !hasSeparateStable(newRS, stableRS)) return false;
  const counts = isRouted(ctx)
    ? trafficRoutedCanaryCounts(ctx.rollout, ctx.previous, ctx.previous.canary?.weights)
    : basicCanaryCounts(ctx.rollout, ctx.previous, newRS, stableRS, otherRSs);
  return scaleReplicaSet(ctx, stableRS, counts.stable);
}

function reconcileNew(ctx: EngineContext): boolean {
  const { newRS, stableRS, otherRSs } = ctx.roles;
  if (!newRS) return false;
  let count = isRouted(ctx)
    ? trafficRoutedCanaryCounts(ctx.rollout, ctx.previous, ctx.partial.canary?.weights).canary
    : basicCanaryCounts(ctx.rollout, ctx.previous, newRS, stableRS, otherRSs).canary;
  const delay = shouldDelayScaleDownOnAbort(ctx);
  if (delay) {
    const remaining = timeBeforeScaleDown(newRS, ctx.now);
    if (remaining !== undefined) {
      if (remaining > 0) {
        requeueAfter(ctx, remaining);
        return false;
      }
      count = 0;
    } else {
      const seconds = abortScaleDownDelay(ctx.rollout).seconds ?? 0;
      if (stableRS && stableRS.availableReplicas === replicasOf(ctx.rollout)) {
        setReplicaSetAnnotations(ctx, newRS, deadlineAnnotation(ctx.now, seconds));
        requeueAfter(ctx, seconds * 1000);
      }
      return false;
    }
  }
  const current = ctx.roles.newRS ?? newRS;
  const scaled = scaleReplicaSet(ctx, current, count, { keepScaleDownDeadline: delay });
  scaleDownProgressively(ctx, current, current.replicas, count);
  return scaled;
}

function reconcileOthers(ctx: EngineContext): boolean {
  const active = ctx.roles.otherRSs.filter((rs) => rs.replicas > 0);
  if (active.length === 0) return false;
  return scaleDownOldReplicaSets(ctx, active) > 0;
}

/** Argo's scaleDownOldReplicaSetsForCanary; returns how many replicas it took away. */
function scaleDownOldReplicaSets(ctx: EngineContext, oldRSs: ObservedReplicaSet[]): number {
  let scaledDown = cleanUpUnhealthy(ctx, oldRSs);
  const current = (rs: ObservedReplicaSet) => allReplicaSets(ctx).find((r) => r.name === rs.name) ?? rs;
  const minAvailable = replicasOf(ctx.rollout) - surgeAndUnavailable(ctx.rollout).maxUnavailable;
  let maxScaleDown = availableReplicas(allReplicaSets(ctx)) - minAvailable;
  if (maxScaleDown <= 0) return scaledDown;

  const routed = isRouted(ctx);
  const fullyPromoted = ctx.previous.stableRS !== undefined && ctx.previous.stableRS === ctx.previous.currentPodHash;
  const limit = scaleDownRevisionLimit(ctx.rollout);
  let annotated = 0;
  for (const original of byRevision(oldRSs).reverse()) {
    const rs = current(original);
    if (routed && isReferenced(ctx, rs)) continue;
    if (maxScaleDown <= 0) break;
    if (rs.replicas === 0) continue;
    let desired = 0;
    if (!routed) {
      if (rs.replicas > maxScaleDown) desired = rs.replicas - maxScaleDown;
    } else if (fullyPromoted || hasScaleDownDeadline(rs)) {
      if (ctx.rollout.spec.strategy.canary?.dynamicStableScale) desired = 0;
      else [annotated, desired] = scaleDownDelay(ctx, rs, annotated, limit);
    }
    if (rs.replicas === desired) continue;
    const taken = rs.replicas - desired;
    scaleReplicaSet(ctx, rs, desired);
    maxScaleDown -= taken;
    scaledDown += taken;
  }
  return scaledDown;
}

/** Scale old ReplicaSets with unavailable pods down to their available count first. */
function cleanUpUnhealthy(ctx: EngineContext, oldRSs: ObservedReplicaSet[]): number {
  let total = 0;
  for (const rs of [...oldRSs].sort((a, b) => a.createdAt - b.createdAt)) {
    if (rs.replicas === 0 || rs.replicas === rs.availableReplicas || rs.availableReplicas > rs.replicas) continue;
    total += rs.replicas - rs.availableReplicas;
    scaleReplicaSet(ctx, rs, rs.availableReplicas);
  }
  return total;
}

/** Argo's scaleDownDelayHelper: returns the updated count of delayed ReplicaSets and the desired replicas. */
function scaleDownDelay(
  ctx: EngineContext,
  rs: ObservedReplicaSet,
  annotated: number,
  limit: number,
): [number, number] {
  if (!hasScaleDownDeadline(rs)) {
    if (annotated >= limit) return [annotated, 0];
    const seconds = scaleDownDelaySeconds(ctx.rollout);
    if (seconds > 0) {
      setReplicaSetAnnotations(ctx, rs, deadlineAnnotation(ctx.now, seconds));
      requeueAfter(ctx, seconds * 1000);
    }
    return [annotated + 1, rs.replicas];
  }
  const count = annotated + 1;
  if (count > limit) return [count, 0];
  const remaining = timeBeforeScaleDown(rs, ctx.now);
  if (remaining !== undefined && remaining > 0) {
    requeueAfter(ctx, remaining);
    return [count, rs.replicas];
  }
  return [count, 0];
}

function isReferenced(ctx: EngineContext, rs: ObservedReplicaSet): boolean {
  const status = ctx.previous;
  const references = [
    status.stableRS,
    status.currentPodHash,
    status.canary?.weights?.canary.podTemplateHash,
    status.canary?.weights?.stable.podTemplateHash,
  ];
  return references.includes(rs.podTemplateHash);
}
