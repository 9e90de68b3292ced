// Role metadata (canaryMetadata/stableMetadata, previewMetadata/activeMetadata): labels and
// annotations the pods of a revision carry only while it plays that role. The new revision carries
// the canary/preview metadata during an update and the stable/active metadata once it is stable;
// the stable revision carries the stable/active metadata; other revisions carry none. A ReplicaSet
// remembers what it applied in the ephemeral-metadata annotation, so a role change removes the old
// keys (Argo's reconcileEphemeralMetadata, the same for both strategies).
import type { PodTemplateMetadata } from '../../api/types/meta.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { jsonEqual } from '../../api/json-equal.ts';
import { replaceReplicaSet, type EngineContext } from './context.ts';
import { EPHEMERAL_METADATA_ANNOTATION } from '../../conventions/labels.ts';

export function reconcileEphemeralMetadata(ctx: EngineContext): void {
  const { canary, blueGreen } = ctx.rollout.spec.strategy;
  const updating = canary ? canary.canaryMetadata : blueGreen?.previewMetadata;
  const stable = canary ? canary.stableMetadata : blueGreen?.activeMetadata;
  if (!updating && !stable) return;
  const newRS = ctx.roles.newRS;
  if (!newRS) return;
  const stableHash = ctx.previous.stableRS;
  const fullyPromoted = !stableHash || stableHash === newRS.podTemplateHash;
  syncEphemeralMetadata(ctx, newRS, fullyPromoted ? stable : updating);
  const stableRS = ctx.roles.stableRS;
  if (!fullyPromoted && stableRS && stableRS.name !== newRS.name) syncEphemeralMetadata(ctx, stableRS, stable);
  for (const other of ctx.roles.otherRSs) syncEphemeralMetadata(ctx, other, undefined);
}

/** Brings a ReplicaSet's role labels and annotations to `desired` (none when undefined). */
export function syncEphemeralMetadata(
  ctx: EngineContext,
  rs: ObservedReplicaSet,
  desired: PodTemplateMetadata | undefined,
): void {
  const applied = appliedMetadata(rs);
  const wanted = isEmpty(desired) ? undefined : desired;
  if (jsonEqual(applied ?? null, wanted ?? null)) return;
  const annotations = { [EPHEMERAL_METADATA_ANNOTATION]: wanted ? JSON.stringify(wanted) : null };
  const action: {
    type: 'updateReplicaSetMetadata';
    name: string;
    annotations: Record<string, string | null>;
    podLabels?: Record<string, string | null>;
    podAnnotations?: Record<string, string | null>;
  } = {
    type: 'updateReplicaSetMetadata',
    name: rs.name,
    annotations,
  };
  const podLabels = keyChanges(applied?.labels, wanted?.labels);
  const podAnnotations = keyChanges(applied?.annotations, wanted?.annotations);
  if (podLabels) action.podLabels = podLabels;
  if (podAnnotations) action.podAnnotations = podAnnotations;
  ctx.actions.push(action);
  const nextAnnotations = { ...rs.annotations };
  if (wanted) nextAnnotations[EPHEMERAL_METADATA_ANNOTATION] = JSON.stringify(wanted);
  else delete nextAnnotations[EPHEMERAL_METADATA_ANNOTATION];
  replaceReplicaSet(ctx, rs, { ...rs, annotations: nextAnnotations });
}

/** Keys applied before are removed (null) unless wanted now; undefined when nothing changes. */
function keyChanges(
  before: Record<string, string> | undefined,
  after: Record<string, string> | undefined,
): Record<string, string | null> | undefined {
  const changes: Record<string, string | null> = {};
  for (const key of Object.keys(before ?? {})) if (!(key in (after ?? {}))) changes[key] = null;
  for (const [key, value] of Object.entries(after ?? {})) if (before?.[key] !== value) changes[key] = value;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function appliedMetadata(rs: ObservedReplicaSet): PodTemplateMetadata | undefined {
  const text = rs.annotations[EPHEMERAL_METADATA_ANNOTATION];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as PodTemplateMetadata;
    return isEmpty(parsed) ? undefined : parsed;
  } catch {
    return undefined;
  }
}

function isEmpty(metadata: PodTemplateMetadata | undefined): boolean {
  return (
    !metadata ||
    (Object.keys(metadata.labels ?? {}).length === 0 && Object.keys(metadata.annotations ?? {}).length === 0)
  );
}
