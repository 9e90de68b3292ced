// progressDeadlineSeconds: a rollout whose Progressing condition has not been updated for that
// long times out (ProgressDeadlineExceeded); with progressDeadlineAbort it is also aborted.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { progressDeadlineSecondsOf } from '../../api/defaults.ts';
import { getCondition, Reason } from './conditions.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';
import type { ReplicaSetRoles } from './revisions.ts';
import { hasScaleDownDeadline } from './scale-down-delay.ts';

export function rolloutTimedOut(rollout: Rollout, next: RolloutStatus, now: number): boolean {
  const condition = getCondition(next, 'Progressing');
  if (!condition || condition.reason === Reason.RolloutAborted) return false;
  if (condition.reason === Reason.TimedOut) return true;
  const from = parseTimestamp(condition.lastUpdateTime);
  if (from === undefined) return false;
  return from + progressDeadlineSecondsOf(rollout) * 1000 < now;
}

/**
 * Argo's isWaitingForReplicaSetScaleDown: a ReplicaSet other than the new and the stable one waits
 * for its scale-down deadline. That wait is not a lack of progress, so it never times the rollout
 * out (nor aborts it with progressDeadlineAbort).
 */
export function waitingForScaleDown(roles: ReplicaSetRoles): boolean {
  return roles.otherRSs.some(hasScaleDownDeadline);
}

/** Milliseconds until the deadline check is due again, counted from the previous Progressing update. */
export function timeUntilDeadline(rollout: Rollout, previous: RolloutStatus, now: number): number | undefined {
  const condition = getCondition(previous, 'Progressing');
  const from = parseTimestamp(condition?.lastUpdateTime);
  if (from === undefined) return undefined;
  return Math.max(0, from + progressDeadlineSecondsOf(rollout) * 1000 - now) + 1000;
}
