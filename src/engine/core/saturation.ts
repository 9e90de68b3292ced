// Argo's IsSaturated: a ReplicaSet that can take all of the rollout's traffic.
import type { ObservedReplicaSet } from '../types.ts';
import { DESIRED_REPLICAS_ANNOTATION } from '../../conventions/labels.ts';

/**
 * Fully scaled to the rollout's replica count, every pod available, and (when the annotation is
 * present) recorded for that same count.
 */
export function isSaturated(rs: ObservedReplicaSet | undefined, desiredReplicas: number): boolean {
  if (!rs) return false;
  const recorded = rs.annotations[DESIRED_REPLICAS_ANNOTATION];
  if (recorded !== undefined && Number(recorded) !== desiredReplicas) return false;
  return rs.replicas === desiredReplicas && rs.availableReplicas === desiredReplicas;
}
