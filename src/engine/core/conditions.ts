// Rollout conditions: Argo's types, reasons and messages, and its update rules
// (same status and reason: leave as is; same status: keep lastTransitionTime).
import type { RolloutCondition, RolloutConditionType, RolloutStatus } from '../../api/types/rollout-status.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';

export const Reason = {
  InvalidSpec: 'InvalidSpec',
  Available: 'AvailableReason',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  RolloutUpdated: 'RolloutUpdated',
  RolloutCompleted: 'RolloutCompleted',
  RolloutNotCompleted: 'RolloutNotCompleted',
  RolloutHealthy: 'RolloutHealthy',
  RolloutAborted: 'RolloutAborted',
  RolloutRetry: 'RolloutRetry',
  RolloutPaused: 'RolloutPaused',
  RolloutResumed: 'RolloutResumed',
  ReplicaSetNotAvailable: 'ReplicaSetNotAvailable',
  RolloutStepCompleted: 'RolloutStepCompleted',
  TrafficWeightUpdated: 'TrafficWeightUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  AnalysisRunFailed: 'AnalysisRunFailed',
  TimedOut: 'ProgressDeadlineExceeded',
  ScalingReplicaSet: 'ScalingReplicaSet',
  SkipSteps: 'SkipSteps',
  SwitchService: 'SwitchService',
  /** Used by sluice for a rollout feature the engine does not carry out yet. */
  NotImplemented: 'NotImplemented',
} as const;

export const Message = {
  available: 'Rollout has minimum availability',
  notAvailable: 'Rollout does not have minimum availability',
  rolloutProgressing: (name: string) => `Rollout "${name}" is progressing.`,
  replicaSetProgressing: (name: string) => `ReplicaSet "${name}" is progressing.`,
  newReplicaSet: (name: string) => `Created new replica set "${name}"`,
  newReplicaSetDetailed: (name: string, revision: number) => `Created ReplicaSet ${name} (revision ${revision})`,
  foundNewReplicaSet: (name: string) => `Found new replica set "${name}"`,
  rolloutUpdated: (revision: number) => `Rollout updated to revision ${revision}`,
  rolloutCompleted: (revision: number, hash: string, reason: string) =>
    `Rollout completed update to revision ${revision} (${hash}): ${reason}`,
  rolloutNotCompleted: (revision: number, hash: string) =>
    `Rollout not completed, started update to revision ${revision} (${hash})`,
  healthy: 'Rollout is healthy',
  notHealthy: 'Rollout is not healthy',
  aborted: (revision: number) => `Rollout aborted update to revision ${revision}`,
  retry: 'Retrying Rollout after abort',
  paused: 'Rollout is paused',
  resumed: 'Rollout is resumed',
  stepCompleted: (step: number, total: number, description: string) =>
    `Rollout step ${step}/${total} completed (${description})`,
  trafficWeightUpdated: (details: string) => `Traffic weight updated ${details}`,
  analysisRunFailed: (run: string, rollout: string) =>
    `AnalysisRun '${run}' owned by the Rollout '"${rollout}"' failed.`,
  rolloutTimedOut: (name: string) => `Rollout "${name}" has timed out progressing.`,
  replicaSetTimedOut: (name: string) => `ReplicaSet "${name}" has timed out progressing.`,
  replicaSetCompleted: (name: string) => `ReplicaSet "${name}" has successfully progressed.`,
  switchService: (service: string, from: string, to: string) =>
    `Switched selector for service '${service}' from '${from}' to '${to}'`,
  scaling: (direction: 'up' | 'down', name: string, revision: number, from: number, to: number) =>
    `Scaled ${direction} ReplicaSet ${name} (revision ${revision}) from ${from} to ${to}`,
} as const;

export function newCondition(
  type: RolloutConditionType,
  status: RolloutCondition['status'],
  reason: string,
  message: string,
  now: number,
): RolloutCondition {
  const at = formatTimestamp(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export function getCondition(status: RolloutStatus, type: RolloutConditionType): RolloutCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/** Sets a condition as Argo does; returns true when the status changed. */
export function setCondition(status: RolloutStatus, condition: RolloutCondition): boolean {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return false;
  const next =
    current && current.status === condition.status
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
  return true;
}

export function removeCondition(status: RolloutStatus, type: RolloutConditionType): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}
