// status.phase and status.message, computed from spec and status exactly as Argo Rollouts does,
// so Argo CD's health check and the tooling read the same thing.
import type { RolloutSpec } from '../../api/types/rollout.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutPhase, RolloutStatus } from '../../api/types/rollout-status.ts';
import { Reason } from './conditions.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';

export interface PhaseAndMessage {
  phase: RolloutPhase;
  message: string;
}

/** What the controller writes into status (Argo's CalculateRolloutPhase). */
export function calculatePhase(spec: RolloutSpec, status: RolloutStatus): PhaseAndMessage {
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${condition.message}` };
    if (condition.reason === Reason.RolloutAborted || condition.reason === Reason.TimedOut) {
      return { phase: 'Degraded', message: `${condition.reason}: ${condition.message}` };
    }
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const firstPause = status.pauseConditions?.[0];
  if (firstPause) return { phase: 'Paused', message: firstPause.reason };
  if (spec.restartAt !== undefined && !sameInstant(spec.restartAt, status.restartedAt)) {
    return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  const updated = status.updatedReplicas ?? 0;
  if (updated < (spec.replicas ?? 1)) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if ((status.availableReplicas ?? 0) < updated)
    return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  const fullyPromoted =
    status.stableRS !== undefined && status.stableRS !== '' && status.stableRS === status.currentPodHash;
  if (spec.strategy.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash)
      return { phase: 'Progressing', message: 'active service cutover pending' };
    if (!fullyPromoted) {
      const post = spec.strategy.blueGreen.postPromotionAnalysis;
      const postStatus = status.blueGreen?.postPromotionAnalysisRunStatus?.status;
      const postDone =
        postStatus === 'Successful' ||
        postStatus === 'Failed' ||
        postStatus === 'Error' ||
        postStatus === 'Inconclusive';
      if (post && !postDone) return { phase: 'Progressing', message: 'waiting for analysis to complete' };
      return { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' };
    }
  } else if (spec.strategy.canary) {
    if (!spec.strategy.canary.trafficRouting && (status.replicas ?? 0) > updated) {
      return { phase: 'Progressing', message: 'old replicas are pending termination' };
    }
    if (!fullyPromoted) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}

/** What a client shows (Argo's GetRolloutPhase): accounts for a spec change not yet observed. */
export function displayedPhase(rollout: Rollout): PhaseAndMessage {
  const status = rollout.status ?? {};
  const observed = Number(status.observedGeneration);
  const generation = rollout.metadata.generation;
  if (
    status.observedGeneration !== undefined &&
    Number.isInteger(observed) &&
    generation !== undefined &&
    observed < generation
  ) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  }
  if (status.controllerPause && (status.pauseConditions ?? []).length === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  if (status.phase) return { phase: status.phase, message: status.message ?? '' };
  return calculatePhase(rollout.spec, status);
}

function sameInstant(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const left = parseTimestamp(a);
  const right = parseTimestamp(b);
  return left !== undefined && left === right;
}
