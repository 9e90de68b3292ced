// Replica counts for the new (canary) and stable ReplicaSets, as Argo Rollouts computes them:
// without traffic routing the weight is approximated by pod counts within maxSurge/maxUnavailable;
// with traffic routing the stable stays at full scale unless dynamicStableScale.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutStatus, TrafficWeights } from '../../api/types/rollout-status.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { maxSurgeOf, maxTrafficWeightOf, maxUnavailableOf, replicasOf } from '../../api/defaults.ts';
import { scaledValue } from '../../api/int-or-percent.ts';
import { availableReplicas, specReplicas } from '../core/replica-counts.ts';
import { canaryReplicasOrWeight } from './steps.ts';
import { replicaProgressThresholdMet, thresholdOf } from './replica-progress.ts';

type RS = ObservedReplicaSet | undefined;

export interface CanaryCounts {
  canary: number;
  stable: number;
}

/** maxSurge and maxUnavailable resolved against spec.replicas (Kubernetes' fenceposts). */
export function surgeAndUnavailable(rollout: Rollout): { maxSurge: number; maxUnavailable: number } {
  const replicas = replicasOf(rollout);
  const maxSurge = scaledValue(maxSurgeOf(rollout), replicas, true);
  let maxUnavailable = scaledValue(maxUnavailableOf(rollout), replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  if (replicas === 0) return { maxSurge, maxUnavailable: 0 };
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** Stable exists and is not the new ReplicaSet. */
export function hasSeparateStable(newRS: RS, stableRS: RS): boolean {
  if (!stableRS) return false;
  return !newRS || newRS.name !== stableRS.name;
}

/** Canary and stable counts that best approximate `weight` with `replicas` (+1 when surge allows). */
export function approximateWeightedCounts(replicas: number, weight: number, maxSurge: number): CanaryCounts {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const exact = (replicas * weight) / 100;
  const ceil = Math.ceil(exact);
  const floor = Math.floor(exact);
  const zeroAllowed = weight === 100 || weight === 0 || (replicas === 1 && maxSurge === 0);
  const options: Array<{ canary: number; total: number }> = [];
  if (ceil < replicas || zeroAllowed) options.push({ canary: ceil, total: replicas });
  if (!isTie(weight, replicas) && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: replicas });
  if (maxSurge > 0) {
    options.push({ canary: ceil, total: replicas + 1 });
    if (!isTie(weight, replicas + 1) && (floor !== 0 || zeroAllowed))
      options.push({ canary: floor, total: replicas + 1 });
  }
  let best = options[0];
  if (!best) return { canary: 0, stable: replicas };
  let bestDelta = weightDelta(weight, best.canary, best.total);
  for (const option of options.slice(1)) {
    const delta = weightDelta(weight, option.canary, option.total);
    if (delta < bestDelta) {
      best = option;
      bestDelta = delta;
    }
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

function isTie(weight: number, total: number): boolean {
  const exact = (total * weight) / 100;
  return exact - Math.trunc(exact) === 0.5;
}

function weightDelta(weight: number, canary: number, total: number): number {
  return Math.abs((canary * 100) / total - weight);
}

/** Replicas Argo may count on when scaling down: spec when told to ignore availability, else available. */
function replicasForScaleDown(rs: RS, ignoreAvailability: boolean): number {
  if (!rs) return 0;
  if (rs.replicas < rs.availableReplicas) return rs.replicas;
  return ignoreAvailability ? rs.replicas : rs.availableReplicas;
}

/** Argo's CalculateReplicaCountsForBasicCanary. */
export function basicCanaryCounts(
  rollout: Rollout,
  status: RolloutStatus,
  newRS: RS,
  stableRS: RS,
  otherRSs: ObservedReplicaSet[],
): CanaryCounts {
  const replicas = replicasOf(rollout);
  const { weight } = canaryReplicasOrWeight(rollout, status);
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(rollout);
  let desired = approximateWeightedCounts(replicas, weight, maxSurge);

  let newCount = newRS?.replicas ?? 0;
  let stableCount = 0;
  const scaleStable = hasSeparateStable(newRS, stableRS);
  if (scaleStable && stableRS) stableCount = stableRS.replicas;
  else desired = { canary: replicas, stable: 0 };

  const maxAllowed = replicas + maxSurge;
  const all: RS[] = [...otherRSs, newRS, ...(scaleStable ? [stableRS] : [])];
  let scaleUp = maxAllowed - specReplicas(all);

  if (scaleStable && stableRS && stableRS.replicas < desired.stable && scaleUp > 0) {
    if (stableRS.replicas + scaleUp < desired.stable) {
      stableCount = stableRS.replicas + scaleUp;
      scaleUp = 0;
    } else {
      stableCount = desired.stable;
      scaleUp -= desired.stable - stableRS.replicas;
    }
  }
  if (newRS && newRS.replicas < desired.canary && scaleUp > 0) {
    newCount = Math.min(newRS.replicas + scaleUp, desired.canary);
  }
  if (specReplicas(otherRSs) > 0) return { canary: newCount, stable: stableCount };

  const minAvailable = replicas - maxUnavailable;
  const increasing = !newRS || desired.canary >= newRS.replicas;
  const toScaleDown = replicasForScaleDown(newRS, !increasing) + replicasForScaleDown(stableRS, increasing);
  if (toScaleDown <= minAvailable) return { canary: newCount, stable: stableCount };

  const scaleDown = toScaleDown - minAvailable;
  if (!increasing) {
    newCount = drainCount(newRS, desired.canary, scaleDown, newCount);
    [newCount, stableCount] = adjustWithinLimits(newRS, stableRS, newCount, stableCount, maxAllowed, minAvailable);
  } else if (scaleStable) {
    stableCount = drainCount(stableRS, desired.stable, scaleDown, stableCount);
    [stableCount, newCount] = adjustWithinLimits(stableRS, newRS, stableCount, newCount, maxAllowed, minAvailable);
  }
  return { canary: newCount, stable: stableCount };
}

function drainCount(rs: RS, desired: number, scaleDown: number, current: number): number {
  if (rs && rs.replicas > desired) return Math.max(desired, rs.replicas - scaleDown);
  return current;
}

/** Keeps the pair within maxSurge while giving back availability lost on the adjusted ReplicaSet. */
function adjustWithinLimits(
  drainRS: RS,
  adjustRS: RS,
  drain: number,
  adjust: number,
  maxAllowed: number,
  minAvailable: number,
): [number, number] {
  let over = Math.max(0, adjust + drain - maxAllowed);
  let totalAvailable = drainRS ? Math.min(drainRS.availableReplicas, drain) : 0;
  if (adjustRS) {
    adjust -= over;
    totalAvailable += Math.min(adjustRS.availableReplicas, adjust);
    const lost = Math.max(0, adjustRS.availableReplicas - adjust);
    const missing = Math.max(0, minAvailable - totalAvailable);
    adjust += Math.min(lost, missing);
    over = Math.max(0, adjust + drain - maxAllowed);
    drain -= over;
  }
  return [drain, adjust];
}

/** Replicas for `weight` out of `total` (maxTrafficWeight), rounded up as Argo does. */
function weightToReplicas(replicas: number, weight: number, total: number): number {
  return Math.ceil((weight * replicas) / total);
}

function withMinPods(rollout: Rollout, count: number): number {
  const canary = rollout.spec.strategy.canary;
  if (count === 0 || canary?.minPodsPerReplicaSet === undefined || !canary.trafficRouting) return count;
  return Math.max(count, canary.minPodsPerReplicaSet);
}

/** Argo's CalculateReplicaCountsForTrafficRoutedCanary; `weights` are the traffic weights in place. */
export function trafficRoutedCanaryCounts(
  rollout: Rollout,
  status: RolloutStatus,
  weights: TrafficWeights | undefined,
): CanaryCounts {
  const replicas = replicasOf(rollout);
  const total = maxTrafficWeightOf(rollout);
  const chosen = canaryReplicasOrWeight(rollout, status);
  let canary =
    chosen.replicas !== undefined
      ? chosen.replicas
      : withMinPods(rollout, weightToReplicas(replicas, chosen.weight, total));
  if (!rollout.spec.strategy.canary?.dynamicStableScale) return { canary, stable: replicas };
  let stable = weightToReplicas(replicas, total - chosen.weight, total);
  if (weights) {
    stable = Math.max(stable, weightToReplicas(replicas, weights.stable.weight, total));
    if (status.abort) canary = Math.max(canary, weightToReplicas(replicas, weights.canary.weight, total));
  }
  return { canary: withMinPods(rollout, canary), stable: withMinPods(rollout, stable) };
}

/** Argo's AtDesiredReplicaCountsForCanary: the current step's replica counts are in place. */
export function atDesiredCounts(
  rollout: Rollout,
  status: RolloutStatus,
  newRS: RS,
  stableRS: RS,
  otherRSs: ObservedReplicaSet[],
  weights: TrafficWeights | undefined,
): boolean {
  const routed = rollout.spec.strategy.canary?.trafficRouting !== undefined;
  const desired = routed
    ? trafficRoutedCanaryCounts(rollout, status, weights)
    : basicCanaryCounts(rollout, status, newRS, stableRS, otherRSs);
  if (!replicaProgressThresholdMet(thresholdOf(rollout), newRS, desired.canary)) return false;
  if (!routed || !rollout.spec.strategy.canary?.dynamicStableScale) {
    if (!stableRS || stableRS.replicas !== desired.stable || stableRS.currentReplicas !== desired.stable) return false;
  }
  if (!routed && availableReplicas(otherRSs) !== 0) return false;
  return true;
}
