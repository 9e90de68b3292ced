// Scaling a ReplicaSet: the scale action with Argo's desired-replicas annotation and its event.
import type { ObservedReplicaSet } from '../types.ts';
import { replicasOf } from '../../api/defaults.ts';
import { emitEvent, replaceReplicaSet, type EngineContext } from './context.ts';
import { Message, Reason } from './conditions.ts';
import { applyMetadataChanges } from '../metadata-changes.ts';
import { DESIRED_REPLICAS_ANNOTATION, SCALE_DOWN_DEADLINE_ANNOTATION } from '../../conventions/labels.ts';

export interface ScaleOptions {
  /** Keep the scale-down-deadline annotation when scaling to zero (an abort that delays scale-down). */
  keepScaleDownDeadline?: boolean;
}

/** Scales `rs` to `replicas`; returns true when its size changed. */
export function scaleReplicaSet(
  ctx: EngineContext,
  rs: ObservedReplicaSet,
  replicas: number,
  options: ScaleOptions = {},
): boolean {
  const target = Math.max(0, replicas);
  const desired = String(replicasOf(ctx.rollout));
  const annotationNeedsUpdate = rs.annotations[DESIRED_REPLICAS_ANNOTATION] !== desired;
  if (rs.replicas === target && !annotationNeedsUpdate) return false;
  const annotations: Record<string, string | null> = { [DESIRED_REPLICAS_ANNOTATION]: desired };
  if (target === 0 && !options.keepScaleDownDeadline && SCALE_DOWN_DEADLINE_ANNOTATION in rs.annotations) {
    annotations[SCALE_DOWN_DEADLINE_ANNOTATION] = null;
  }
  ctx.actions.push({ type: 'scaleReplicaSet', name: rs.name, replicas: target, annotations });
  const updated: ObservedReplicaSet = {
    ...rs,
    replicas: target,
    annotations: applyMetadataChanges(rs.annotations, annotations),
  };
  replaceReplicaSet(ctx, rs, updated);
  if (rs.replicas === target) return false;
  const direction = rs.replicas < target ? 'up' : 'down';
  emitEvent(
    ctx,
    'Normal',
    Reason.ScalingReplicaSet,
    Message.scaling(direction, rs.name, rs.revision, rs.replicas, target),
  );
  return true;
}

export function setReplicaSetAnnotations(
  ctx: EngineContext,
  rs: ObservedReplicaSet,
  annotations: Record<string, string | null>,
): ObservedReplicaSet {
  ctx.actions.push({ type: 'updateReplicaSetMetadata', name: rs.name, annotations });
  const updated: ObservedReplicaSet = { ...rs, annotations: applyMetadataChanges(rs.annotations, annotations) };
  replaceReplicaSet(ctx, rs, updated);
  return updated;
}
