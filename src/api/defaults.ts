// Argo Rollouts' defaults, in one place. The model leaves unset fields unset (as the API server
// stores them); the engine reads effective values through these accessors.
import type { Rollout } from './types/rollout.ts';
import type { IntOrString } from './types/meta.ts';

export const DEFAULTS = {
  replicas: 1,
  maxSurge: '25%' as IntOrString,
  maxUnavailable: '25%' as IntOrString,
  progressDeadlineSeconds: 600,
  revisionHistoryLimit: 10,
  scaleDownDelaySeconds: 30,
  abortScaleDownDelaySeconds: 30,
  autoPromotionEnabled: true,
  minReadySeconds: 0,
  successfulRunHistoryLimit: 5,
  unsuccessfulRunHistoryLimit: 5,
  consecutiveErrorLimit: 4,
  failureLimit: 0,
  inconclusiveLimit: 0,
  maxTrafficWeight: 100,
} as const;

export function replicasOf(rollout: Rollout): number {
  return rollout.spec.replicas ?? DEFAULTS.replicas;
}

export function maxSurgeOf(rollout: Rollout): IntOrString {
  const canary = rollout.spec.strategy.canary;
  if (canary) return canary.maxSurge ?? DEFAULTS.maxSurge;
  return 0;
}

/** Argo falls back to 25% for both strategies (GetMaxUnavailableOrDefault). */
export function maxUnavailableOf(rollout: Rollout): IntOrString {
  const { canary, blueGreen } = rollout.spec.strategy;
  return (canary ?? blueGreen)?.maxUnavailable ?? DEFAULTS.maxUnavailable;
}

export function progressDeadlineSecondsOf(rollout: Rollout): number {
  return rollout.spec.progressDeadlineSeconds ?? DEFAULTS.progressDeadlineSeconds;
}

export function revisionHistoryLimitOf(rollout: Rollout): number {
  return rollout.spec.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
}

export function scaleDownDelaySecondsOf(rollout: Rollout): number {
  const { canary, blueGreen } = rollout.spec.strategy;
  return (canary ?? blueGreen)?.scaleDownDelaySeconds ?? DEFAULTS.scaleDownDelaySeconds;
}

export function abortScaleDownDelaySecondsOf(rollout: Rollout): number {
  const { canary, blueGreen } = rollout.spec.strategy;
  return (canary ?? blueGreen)?.abortScaleDownDelaySeconds ?? DEFAULTS.abortScaleDownDelaySeconds;
}

export function autoPromotionEnabledOf(rollout: Rollout): boolean {
  return rollout.spec.strategy.blueGreen?.autoPromotionEnabled ?? DEFAULTS.autoPromotionEnabled;
}

export function maxTrafficWeightOf(rollout: Rollout): number {
  return rollout.spec.strategy.canary?.trafficRouting?.maxTrafficWeight ?? DEFAULTS.maxTrafficWeight;
}
