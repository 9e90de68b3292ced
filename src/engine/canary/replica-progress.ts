// spec.strategy.canary.replicaProgressThreshold (Argo Rollouts v1.9): how many of a ReplicaSet's
// desired pods must be available before a step counts as done or the rollout fully promotes.
// Without a threshold (or with a negative value) every desired pod must be there and available;
// with one, only availability is compared: a percentage of the desired count, or a number of
// pods (any type other than "Percent" counts pods, as in Argo).
import type { Rollout } from '../../api/types/rollout.ts';
import type { ObservedReplicaSet } from '../types.ts';

export type ReplicaProgressThreshold = NonNullable<
  NonNullable<Rollout['spec']['strategy']['canary']>['replicaProgressThreshold']
>;

/** Argo's ReplicaProgressThresholdMet. */
export function replicaProgressThresholdMet(
  threshold: ReplicaProgressThreshold | undefined,
  rs: ObservedReplicaSet | undefined,
  desired: number,
): boolean {
  if (!threshold || !rs || threshold.value < 0)
    return rs !== undefined && rs.replicas === desired && rs.availableReplicas === desired;
  if (threshold.type === 'Percent') {
    if (desired === 0) return true;
    // Integer arithmetic: available / desired >= value / 100, without floating-point error.
    return rs.availableReplicas * 100 >= threshold.value * desired;
  }
  return rs.availableReplicas >= threshold.value;
}

/** The rollout's threshold, if it sets one. */
export function thresholdOf(rollout: Rollout): ReplicaProgressThreshold | undefined {
  return rollout.spec.strategy.canary?.replicaProgressThreshold;
}
