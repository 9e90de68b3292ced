// The new ReplicaSet: created from the pod template in effect when missing, or reused (with a new
// revision number) when a ReplicaSet with that template already exists.
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import type { PodTemplateMetadata } from '../../api/types/meta.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { replicasOf } from '../../api/defaults.ts';
import { emitEvent, replaceReplicaSet, rolloutName, type EngineContext } from './context.ts';
import { getCondition, Message, newCondition, Reason, setCondition } from './conditions.ts';
import { replicaSetName } from './naming.ts';
import {
  DESIRED_REPLICAS_ANNOTATION,
  EPHEMERAL_METADATA_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
} from '../../conventions/labels.ts';
import { maxRevision } from './revisions.ts';
import { withInjectedAntiAffinity } from './anti-affinity.ts';
import { setReplicaSetAnnotations } from './scale.ts';

/** Returns the new ReplicaSet, creating it (scaled to 0) when `create` is true and it does not exist. */
export function ensureNewReplicaSet(ctx: EngineContext, create: boolean): ObservedReplicaSet | undefined {
  const existing = ctx.roles.newRS;
  const newRS = existing ? syncRevision(ctx, existing) : create ? createNewReplicaSet(ctx) : undefined;
  if (newRS) syncRolloutRevision(ctx, newRS.revision);
  return newRS;
}

/**
 * Argo's SetNewReplicaSetAnnotations on an existing new ReplicaSet: the Rollout's annotations copied,
 * the revision raised above every older one, the revisions it served before kept in revision-history.
 */
function syncRevision(ctx: EngineContext, rs: ObservedReplicaSet): ObservedReplicaSet {
  const wanted = maxRevision(ctx.roles.olderRSs) + 1;
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(copiedRolloutAnnotations(ctx))) {
    if (rs.annotations[key] !== value) changes[key] = value;
  }
  const raise = rs.revision < wanted;
  if (raise) {
    changes[REVISION_ANNOTATION] = String(wanted);
    const served = rs.annotations[REVISION_ANNOTATION];
    if (served) {
      const history = rs.annotations[REVISION_HISTORY_ANNOTATION];
      changes[REVISION_HISTORY_ANNOTATION] = history ? `${history},${served}` : served;
    }
  }
  let current = rs;
  if (Object.keys(changes).length > 0) {
    current = setReplicaSetAnnotations(ctx, rs, changes);
    if (raise) {
      current = { ...current, revision: wanted };
      replaceReplicaSet(ctx, ctx.roles.newRS ?? rs, current);
      emitEvent(ctx, 'Normal', Reason.RolloutUpdated, Message.rolloutUpdated(wanted));
    }
  }
  ctx.revision = current.revision;
  if (!getCondition(ctx.previous, 'Progressing')) {
    setCondition(
      ctx.previous,
      newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, Message.foundNewReplicaSet(current.name), ctx.now),
    );
  }
  return current;
}

/** The Rollout's own `rollout.argoproj.io/revision` annotation follows its new ReplicaSet. */
function syncRolloutRevision(ctx: EngineContext, revision: number): void {
  const value = String(revision);
  if (ctx.rollout.metadata.annotations?.[REVISION_ANNOTATION] === value) return;
  ctx.actions.push({ type: 'setRolloutAnnotations', annotations: { [REVISION_ANNOTATION]: value } });
}

/** Annotations Argo never copies from the Rollout to its ReplicaSets. */
const NOT_COPIED = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
]);

function copiedRolloutAnnotations(ctx: EngineContext): Record<string, string> {
  const copied: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.rollout.metadata.annotations ?? {})) {
    if (!NOT_COPIED.has(key)) copied[key] = value;
  }
  return copied;
}

function createNewReplicaSet(ctx: EngineContext): ObservedReplicaSet {
  const hash = ctx.roles.currentPodHash;
  const name = replicaSetName(rolloutName(ctx), hash);
  const revision = maxRevision(ctx.roles.olderRSs) + 1;
  const metadata = ephemeralMetadataForNewReplicaSet(ctx);
  // As Argo, the anti-affinity rule (if the strategy asks for one) is injected here: it names the
  // stable revision of this moment and is not part of the Rollout's template or its hash.
  const template = templateWithHash(
    withInjectedAntiAffinity(ctx.observed.template, ctx.rollout, ctx.previous.stableRS, hash),
    hash,
    metadata,
  );
  const annotations: Record<string, string> = {
    ...copiedRolloutAnnotations(ctx),
    [REVISION_ANNOTATION]: String(revision),
    [DESIRED_REPLICAS_ANNOTATION]: String(replicasOf(ctx.rollout)),
  };
  if (metadata) annotations[EPHEMERAL_METADATA_ANNOTATION] = JSON.stringify(metadata);
  ctx.actions.push({
    type: 'createReplicaSet',
    name,
    podTemplateHash: hash,
    revision,
    replicas: 0,
    template,
    annotations,
  });
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
  setCondition(
    ctx.previous,
    newCondition('Progressing', 'True', Reason.NewReplicaSetCreated, Message.newReplicaSet(name), ctx.now),
  );
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

export function templateWithHash(
  template: PodTemplateSpec,
  hash: string,
  extra?: PodTemplateMetadata,
): PodTemplateSpec {
  const metadata = template.metadata ?? {};
  return {
    ...template,
    metadata: {
      ...metadata,
      labels: { ...(metadata.labels ?? {}), ...(extra?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
      ...(extra?.annotations || metadata.annotations
        ? { annotations: { ...(metadata.annotations ?? {}), ...(extra?.annotations ?? {}) } }
        : {}),
    },
  };
}
