// A ReplicaSet as `get rollout` shows it: health, role tags (stable, canary, active, preview,
// ping, pong), the scale-down delay of an old ReplicaSet, its images and its pods.
import type { Rollout } from '../api/types/rollout.ts';
import {
  EXPERIMENT_TEMPLATE_NAME_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  SCALE_DOWN_DEADLINE_ANNOTATION,
} from '../conventions/labels.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';
import type { Pod, ReplicaSetInput } from './inputs.ts';
import type { ReplicaSetView, RoleTag } from './model.ts';
import { ageAt, humanDuration } from './human-duration.ts';
import { podView } from './pod-view.ts';
import { replicaSetStatusKind } from './status-kinds.ts';
import { isOwnedBy } from './ownership.ts';

export function replicaSetView(
  rs: ReplicaSetInput,
  rollout: Rollout | undefined,
  pods: Pod[],
  now: number,
): ReplicaSetView {
  const annotations = rs.metadata.annotations ?? {};
  const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '';
  const status = replicaSetHealth(rs);
  const createdAt = parseTimestamp(rs.metadata.creationTimestamp);
  const tags = rollout ? roleTags(rollout, hash) : [];
  const delay = scaleDownDelay(annotations[SCALE_DOWN_DEADLINE_ANNOTATION], now);
  const template = annotations[EXPERIMENT_TEMPLATE_NAME_ANNOTATION];
  const ownPods = pods
    .filter((pod) => belongsTo(pod, rs, hash))
    .map((pod) => podView(pod, now))
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || compareText(a.name, b.name));
  return {
    kind: 'ReplicaSet',
    name: rs.metadata.name ?? '',
    ...(rs.metadata.namespace ? { namespace: rs.metadata.namespace } : {}),
    status: { text: status, kind: replicaSetStatusKind(status) },
    ...(createdAt !== undefined ? { createdAt } : {}),
    age: ageAt(createdAt, now),
    revision: parseRevision(annotations[REVISION_ANNOTATION]),
    podTemplateHash: hash,
    tags,
    ...(delay !== undefined ? { scaleDownDelay: delay } : {}),
    replicas: rs.status?.replicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
    images: (rs.spec.template.spec?.containers ?? []).map((container) => container.image ?? ''),
    ...(template ? { experimentTemplate: template } : {}),
    pods: ownPods,
    info: [...tags, ...(delay !== undefined ? [`delay:${delay}`] : [])],
  };
}

/** Newest revision first, then by name (the order `get rollout` lists ReplicaSets in). */
export function compareReplicaSets(a: ReplicaSetView, b: ReplicaSetView): number {
  return b.revision - a.revision || compareText(a.name, b.name);
}

export function parseRevision(text: string | undefined): number {
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return 0;
  return Number(text.trim());
}

/** By owner reference; a pod without any (a runtime that does not set them) by its hash label. */
function belongsTo(pod: Pod, rs: ReplicaSetInput, hash: string): boolean {
  if ((pod.metadata.ownerReferences ?? []).length > 0) return isOwnedBy(pod.metadata, 'ReplicaSet', rs.metadata);
  return hash !== '' && pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash;
}

function replicaSetHealth(rs: ReplicaSetInput): string {
  const generation = rs.metadata.generation ?? 0;
  const observed = rs.status?.observedGeneration ?? 0;
  if (generation > observed) return 'Progressing';
  const failure = rs.status?.conditions?.find((condition) => condition.type === 'ReplicaFailure');
  if (failure?.status === 'True') return 'ReplicaFailure';
  const desired = rs.spec.replicas;
  if (desired !== undefined && (rs.status?.availableReplicas ?? 0) < desired) return 'Progressing';
  if (desired === 0) return 'ScaledDown';
  return 'Healthy';
}

export function roleTags(rollout: Rollout, hash: string): RoleTag[] {
  const status = rollout.status ?? {};
  const tags: RoleTag[] = [];
  const { canary, blueGreen } = rollout.spec.strategy;
  if (canary) {
    const pingPong = canary.pingPong !== undefined;
    const stableIsPing = status.canary?.stablePingPong === 'ping';
    if (status.stableRS === hash) {
      tags.push('stable');
      if (pingPong) tags.push(stableIsPing ? 'ping' : 'pong');
    } else if (status.currentPodHash === hash) {
      tags.push('canary');
      if (pingPong) tags.push(stableIsPing ? 'pong' : 'ping');
    }
  }
  if (blueGreen) {
    if (status.stableRS === hash) tags.push('stable');
    if (status.blueGreen?.activeSelector === hash) tags.push('active');
    else if (status.blueGreen?.previewSelector === hash) tags.push('preview');
  }
  return tags;
}

/** `29s` before the deadline, `passed` after it; undefined without a readable deadline. */
function scaleDownDelay(deadline: string | undefined, now: number): string | undefined {
  const at = parseTimestamp(deadline);
  if (at === undefined) return undefined;
  return at < now ? 'passed' : humanDuration(at - now);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
