// progressDeadlineSeconds: a rollout whose Progressing condition has not been updated for that
// long times out (ProgressDeadlineExceeded); with progressDeadlineAbort it is also aborted.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { progressDeadlineSecondsOf } from '../../api/defaults.ts';
import { getCondition, Reason } from './conditions.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';

export function rolloutTimedOut(rollout: Rollout, next: RolloutStatus, now: number): boolean {
  const condition = getCondition(next, 'Progressing');
  if (!condition || condition.reason === Reason.RolloutAborted) return false;
  if (condition.reason === Reason.TimedOut) return true;
  const from = parseTimestamp(condition.lastUpdateTime);
  if (from === undefined) return false;
  return from + progressDeadlineSecondsOf(rollout) * 1000 < now;
}

/** Milliseconds until the deadline check is due again, counted from the previous Progressing update. */
export function timeUntilDeadline(rollout: Rollout, previous: RolloutStatus, now: number): number | undefined {
  const condition = getCondition(previous, 'Progressing');
  const from = parseTimestamp(condition?.lastUpdateTime);
  if (from === undefined) return undefined;
  return Math.max(0, from + progressDeadlineSecondsOf(rollout) * 1000 - now) + 1000;
}
