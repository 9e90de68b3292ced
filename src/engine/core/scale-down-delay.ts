// The `scale-down-deadline` annotation: an old ReplicaSet stays scaled up until this instant
// (scaleDownDelaySeconds after promotion, abortScaleDownDelaySeconds after an abort).
import type { Rollout } from '../../api/types/rollout.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { DEFAULTS } from '../../api/defaults.ts';
import { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../conventions/labels.ts';
import { formatTimestamp, parseTimestamp } from '../../conventions/timestamps.ts';

export function hasScaleDownDeadline(rs: ObservedReplicaSet | undefined): boolean {
  return rs !== undefined && (rs.annotations[SCALE_DOWN_DEADLINE_ANNOTATION] ?? '') !== '';
}

export function scaleDownDeadline(rs: ObservedReplicaSet): number | undefined {
  return parseTimestamp(rs.annotations[SCALE_DOWN_DEADLINE_ANNOTATION]);
}

/** Milliseconds left before the deadline; 0 when it has passed; undefined when none or unreadable. */
export function timeBeforeScaleDown(rs: ObservedReplicaSet, now: number): number | undefined {
  const deadline = scaleDownDeadline(rs);
  if (deadline === undefined) return undefined;
  return Math.max(0, deadline - now);
}

export function deadlineAnnotation(now: number, delaySeconds: number): Record<string, string> {
  return { [SCALE_DOWN_DEADLINE_ANNOTATION]: formatTimestamp(now + delaySeconds * 1000) };
}

export function scaleDownDelaySeconds(rollout: Rollout): number {
  const { canary, blueGreen } = rollout.spec.strategy;
  return (canary ?? blueGreen)?.scaleDownDelaySeconds ?? DEFAULTS.scaleDownDelaySeconds;
}

/** How many old ReplicaSets may wait for their deadline at once (unlimited when unset). */
export function scaleDownRevisionLimit(rollout: Rollout): number {
  const { canary, blueGreen } = rollout.spec.strategy;
  return (canary ?? blueGreen)?.scaleDownDelayRevisionLimit ?? Number.MAX_SAFE_INTEGER;
}

/**
 * abortScaleDownDelaySeconds as Argo reads it: `undefined` means "leave the canary/preview up"
 * (explicit 0); `wasSet` tells whether the user wrote the field.
 */
export function abortScaleDownDelay(rollout: Rollout): { seconds: number | undefined; wasSet: boolean } {
  const { canary, blueGreen } = rollout.spec.strategy;
  const written = (canary ?? blueGreen)?.abortScaleDownDelaySeconds;
  if (written === undefined) return { seconds: DEFAULTS.abortScaleDownDelaySeconds, wasSet: false };
  return { seconds: written === 0 ? undefined : written, wasSet: true };
}
