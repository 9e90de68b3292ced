// The new ReplicaSet: created from the pod template in effect when missing, or reused (with a new
// revision number) when a ReplicaSet with that template already exists.
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import type { PodTemplateMetadata } from '../../api/types/meta.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { replicasOf } from '../../api/defaults.ts';
import { emitEvent, replaceReplicaSet, rolloutName, type EngineContext } from './context.ts';
import { getCondition, Message, newCondition, Reason, setCondition } from './conditions.ts';
import { DESIRED_REPLICAS_ANNOTATION, EPHEMERAL_METADATA_ANNOTATION, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, replicaSetName } from './naming.ts';
import { maxRevision } from './revisions.ts';
import { setReplicaSetAnnotations } from './scale.ts';

/** Returns the new ReplicaSet, creating it (scaled to 0) when `create` is true and it does not exist. */
export function ensureNewReplicaSet(ctx: EngineContext, create: boolean): ObservedReplicaSet | undefined {
  const existing = ctx.roles.newRS;
  if (existing) return syncRevision(ctx, existing);
  if (!create) return undefined;
  return createNewReplicaSet(ctx);
}

function syncRevision(ctx: EngineContext, rs: ObservedReplicaSet): ObservedReplicaSet {
  const wanted = maxRevision(ctx.roles.olderRSs) + 1;
  let current = rs;
  if (rs.revision < wanted) {
    current = setReplicaSetAnnotations(ctx, rs, { [REVISION_ANNOTATION]: String(wanted) });
    current = { ...current, revision: wanted };
    replaceReplicaSet(ctx, ctx.roles.newRS ?? rs, current);
    emitEvent(ctx, 'Normal', Reason.RolloutUpdated, Message.rolloutUpdated(wanted));
  }
  ctx.revision = current.revision;
  if (!getCondition(ctx.previous, 'Progressing')) {
    setCondition(ctx.previous, newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, Message.foundNewReplicaSet(current.name), ctx.now));
  }
  return current;
}

function createNewReplicaSet(ctx: EngineContext): ObservedReplicaSet {
  const hash = ctx.roles.currentPodHash;
  const name = replicaSetName(rolloutName(ctx), hash);
  const revision = maxRevision(ctx.roles.olderRSs) + 1;
  const metadata = ephemeralMetadataForNewReplicaSet(ctx);
  const template = templateWithHash(ctx.observed.template, hash, metadata);
  const annotations: Record<string, string> = {
    [REVISION_ANNOTATION]: String(revision),
    [DESIRED_REPLICAS_ANNOTATION]: String(replicasOf(ctx.rollout)),
  };
  if (metadata) annotations[EPHEMERAL_METADATA_ANNOTATION] = JSON.stringify(metadata);
  ctx.actions.push({ type: 'createReplicaSet', name, podTemplateHash: hash, revision, replicas: 0, template, annotations });
  const created: ObservedReplicaSet = {
    name,
    podTemplateHash: hash,
    revision,
    template: ctx.observed.template,
    replicas: 0,
    currentReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    createdAt: ctx.now,
    annotations,
  };
  ctx.roles = { ...ctx.roles, newRS: created };
  ctx.revision = revision;
  emitEvent(ctx, 'Normal', Reason.RolloutUpdated, Message.rolloutUpdated(revision));
  emitEvent(ctx, 'Normal', Reason.NewReplicaSetCreated, Message.newReplicaSetDetailed(name, revision));
  setCondition(ctx.previous, newCondition('Progressing', 'True', Reason.NewReplicaSetCreated, Message.newReplicaSet(name), ctx.now));
  return created;
}

/** Canary (or preview) metadata when a stable exists, stable (or active) metadata on a first deploy. */
function ephemeralMetadataForNewReplicaSet(ctx: EngineContext): PodTemplateMetadata | undefined {
  const { canary, blueGreen } = ctx.rollout.spec.strategy;
  const hasStable = ctx.roles.stableRS !== undefined;
  if (canary) return hasStable ? canary.canaryMetadata : canary.stableMetadata;
  if (blueGreen) return hasStable ? blueGreen.previewMetadata : blueGreen.activeMetadata;
  return undefined;
}

export function templateWithHash(template: PodTemplateSpec, hash: string, extra?: PodTemplateMetadata): PodTemplateSpec {
  const metadata = template.metadata ?? {};
  return {
    ...template,
    metadata: {
      ...metadata,
      labels: { ...(metadata.labels ?? {}), ...(extra?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
      ...(extra?.annotations || metadata.annotations ? { annotations: { ...(metadata.annotations ?? {}), ...(extra?.annotations ?? {}) } } : {}),
    },
  };
}
