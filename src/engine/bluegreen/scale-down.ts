// Scaling down ReplicaSets that neither Service needs any more. The old active revision is kept up
// for scaleDownDelaySeconds after the switch (the `scale-down-deadline` annotation), at most
// scaleDownDelayRevisionLimit of them; an aborted preview for abortScaleDownDelaySeconds.
import type { ObservedReplicaSet } from '../types.ts';
import { deadlineAnnotation, hasScaleDownDeadline, scaleDownDeadline } from '../core/scale-down-delay.ts';

/** A change one ReplicaSet needs: a new size, or a scale-down deadline to record. */
export type ReplicaSetChange =
  | { kind: 'scale'; rs: ObservedReplicaSet; replicas: number }
  | { kind: 'annotate'; rs: ObservedReplicaSet; annotations: Record<string, string> };

export interface OldReplicaSetsInput {
  /** ReplicaSets other than the new and the stable one. */
  others: ObservedReplicaSet[];
  /** Hashes still referenced by status or Services: never scaled down. */
  referencedHashes: Set<string>;
  desiredReplicas: number;
  scaleDownDelaySeconds: number;
  /** scaleDownDelayRevisionLimit (Number.MAX_SAFE_INTEGER when unset). */
  revisionLimit: number;
  now: number;
}

export interface ScaleDownPlan {
  changes: ReplicaSetChange[];
  /** Earliest time (epoch ms) at which a deadline runs out, for a requeue. */
  wakeAt?: number;
}

/** Argo's scale-down of old blue-green ReplicaSets, newest revision first. */
export function planOldReplicaSetScaleDown(input: OldReplicaSetsInput): ScaleDownPlan {
  const candidates = input.others.filter((rs) => rs.replicas > 0).sort((a, b) => b.revision - a.revision);
  const changes: ReplicaSetChange[] = [];
  let wakeAt: number | undefined;
  let annotated = 0;
  for (const rs of candidates) {
    if (input.referencedHashes.has(rs.podTemplateHash)) continue;
    let target = 0;
    if (!hasScaleDownDeadline(rs)) {
      if (annotated < input.revisionLimit && input.scaleDownDelaySeconds > 0) {
        annotated++;
        changes.push({ kind: 'annotate', rs, annotations: deadlineAnnotation(input.now, input.scaleDownDelaySeconds) });
        wakeAt = earliest(wakeAt, input.now + input.scaleDownDelaySeconds * 1000);
        continue;
      }
    } else {
      annotated++;
      const deadline = scaleDownDeadline(rs);
      if (annotated <= input.revisionLimit && deadline !== undefined && deadline > input.now) {
        target = input.desiredReplicas;
        wakeAt = earliest(wakeAt, deadline);
      }
    }
    if (target !== rs.replicas) changes.push({ kind: 'scale', rs, replicas: target });
  }
  return wakeAt === undefined ? { changes } : { changes, wakeAt };
}

export interface AbortedPreviewInput {
  newRS: ObservedReplicaSet;
  /** abortScaleDownDelaySeconds (more than 0: an explicit 0 keeps the preview up and never gets here). */
  abortDelaySeconds: number;
  stableFullyAvailable: boolean;
  now: number;
}

export interface AbortedPreviewPlan {
  change?: ReplicaSetChange;
  wakeAt?: number;
}

/**
 * After an abort the preview stays up for abortScaleDownDelaySeconds, counted from when the stable
 * revision is fully available again, then goes to zero.
 */
export function planAbortedPreviewScaleDown(input: AbortedPreviewInput): AbortedPreviewPlan {
  const { newRS } = input;
  const deadline = scaleDownDeadline(newRS);
  if (deadline !== undefined) {
    if (deadline > input.now) return { wakeAt: deadline };
    return newRS.replicas === 0 ? {} : { change: { kind: 'scale', rs: newRS, replicas: 0 } };
  }
  if (!input.stableFullyAvailable) return {};
  return {
    change: { kind: 'annotate', rs: newRS, annotations: deadlineAnnotation(input.now, input.abortDelaySeconds) },
    wakeAt: input.now + input.abortDelaySeconds * 1000,
  };
}

function earliest(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.min(a, b);
}
