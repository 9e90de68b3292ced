// Sums over ReplicaSets, as the status and the replica math use them.
import type { ObservedReplicaSet } from '../types.ts';

type MaybeRS = ObservedReplicaSet | undefined;

export function specReplicas(replicaSets: MaybeRS[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.replicas ?? 0), 0);
}

export function actualReplicas(replicaSets: MaybeRS[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.currentReplicas ?? 0), 0);
}

export function readyReplicas(replicaSets: MaybeRS[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.readyReplicas ?? 0), 0);
}

export function availableReplicas(replicaSets: MaybeRS[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.availableReplicas ?? 0), 0);
}
