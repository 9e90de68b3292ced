// activeMetadata and previewMetadata: labels the pods of a revision carry only while it plays
// that role. The new revision carries previewMetadata during an update and activeMetadata once it
// is stable; the stable revision carries activeMetadata. The ReplicaSet remembers what it applied
// in the ephemeral-metadata annotation, so a role change removes the old labels.
import type { PodTemplateMetadata } from '../../api/types/meta.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { canonicalJson } from '../../api/pod-template-hash.ts';
import { replaceReplicaSet, type EngineContext } from '../core/context.ts';
import { EPHEMERAL_METADATA_ANNOTATION } from '../core/naming.ts';
import { currentNewRS, type BlueGreenFacts } from './facts.ts';

export function reconcileEphemeralMetadata(ctx: EngineContext, facts: BlueGreenFacts): void {
  const { activeMetadata, previewMetadata } = facts.strategy;
  const newRS = currentNewRS(ctx, facts);
  const stableHash = ctx.previous.stableRS;
  const fullyPromoted = !stableHash || stableHash === newRS.podTemplateHash;
  syncEphemeralMetadata(ctx, newRS, fullyPromoted ? activeMetadata : previewMetadata);
  const stable = ctx.roles.stableRS;
  if (stable && stable.name !== newRS.name) syncEphemeralMetadata(ctx, stable, activeMetadata);
}

/** Brings a ReplicaSet's role labels to `desired` (none when undefined). */
export function syncEphemeralMetadata(ctx: EngineContext, rs: ObservedReplicaSet, desired: PodTemplateMetadata | undefined): void {
  const applied = appliedMetadata(rs);
  const wanted = isEmpty(desired) ? undefined : desired;
  if (canonicalJson(applied ?? null) === canonicalJson(wanted ?? null)) return;
  const podLabels: Record<string, string | null> = {};
  for (const key of Object.keys(applied?.labels ?? {})) podLabels[key] = null;
  for (const [key, value] of Object.entries(wanted?.labels ?? {})) podLabels[key] = value;
  const annotations = { [EPHEMERAL_METADATA_ANNOTATION]: wanted ? JSON.stringify(wanted) : null };
  ctx.actions.push({ type: 'updateReplicaSetMetadata', name: rs.name, annotations, podLabels });
  const nextAnnotations = { ...rs.annotations };
  if (wanted) nextAnnotations[EPHEMERAL_METADATA_ANNOTATION] = JSON.stringify(wanted);
  else delete nextAnnotations[EPHEMERAL_METADATA_ANNOTATION];
  replaceReplicaSet(ctx, rs, { ...rs, annotations: nextAnnotations });
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
  return !metadata || (Object.keys(metadata.labels ?? {}).length === 0 && Object.keys(metadata.annotations ?? {}).length === 0);
}
