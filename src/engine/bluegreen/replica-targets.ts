// How many pods each ReplicaSet of a blue-green rollout should have, and when the new one counts
// as ready. Pure: every input is passed in, nothing is read from the clock.
import type { BlueGreenStrategy } from '../../api/types/rollout.ts';
import type { ObservedReplicaSet } from '../types.ts';

export interface NewReplicaSetTargetInput {
  strategy: BlueGreenStrategy;
  desiredReplicas: number;
  newHash: string;
  /** The hash the active Service selects now ('' when it selects none yet). */
  activeSelector: string;
  /** status.currentPodHash as last written. */
  currentPodHash: string | undefined;
  promoteFull: boolean;
  /** spec.paused or any pause condition in the last written status. */
  paused: boolean;
  scaleUpPreviewCheckPoint: boolean;
}

/**
 * The replica count of the new (preview) ReplicaSet. Without previewReplicaCount it is the full
 * count. With it, the preview stays at previewReplicaCount until the rollout is resumed past the
 * scale-up checkpoint, then grows to the full count before the active Service switches.
 */
export function newReplicaSetTarget(input: NewReplicaSetTargetInput): number {
  const previewCount = input.strategy.previewReplicaCount;
  if (previewCount === undefined) return input.desiredReplicas;
  if (input.activeSelector === '' || input.activeSelector === input.newHash) return input.desiredReplicas;
  if (input.promoteFull) return input.desiredReplicas;
  if (input.newHash !== input.currentPodHash) return previewCount;
  if (!input.paused && input.scaleUpPreviewCheckPoint) return input.desiredReplicas;
  return previewCount;
}

/** The new ReplicaSet has exactly its target and all of those pods are available. */
export function readyForPause(newRS: ObservedReplicaSet, target: number): boolean {
  return newRS.replicas === target && newRS.availableReplicas === target;
}
