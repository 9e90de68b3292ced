// Which ReplicaSet is new (matches the pod template in effect), which is stable (status.stableRS),
// which are older; revision numbers as Argo keeps them (the new ReplicaSet gets max(old) + 1, also
// when an earlier revision's ReplicaSet is reused by an undo or a template changed back).
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import type { ObservedReplicaSet, ObservedState } from '../types.ts';
import { jsonEqual } from '../../api/json-equal.ts';
import { podTemplateHash } from '../../api/pod-template-hash.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import { withoutInjectedAntiAffinity } from './anti-affinity.ts';

export interface ReplicaSetRoles {
  /** Hash of the pod template in effect (with status.collisionCount). */
  currentPodHash: string;
  /** The ReplicaSet whose template is the one in effect; undefined until it is created. */
  newRS: ObservedReplicaSet | undefined;
  /** The ReplicaSet named by status.stableRS, when it exists (may be the new one). */
  stableRS: ObservedReplicaSet | undefined;
  /** Every ReplicaSet except the new one. */
  olderRSs: ObservedReplicaSet[];
  /** Every ReplicaSet that is neither new nor stable. */
  otherRSs: ObservedReplicaSet[];
}

export function currentPodHash(observed: ObservedState): string {
  return podTemplateHash(observed.template, observed.rollout.status?.collisionCount ?? 0);
}

/** Pod templates equal once the hash label is ignored (Argo's PodTemplateEqualIgnoreHash). */
export function templatesEqual(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return jsonEqual(withoutHashLabel(a), withoutHashLabel(b));
}

/** The template without the pod-template-hash label (the other labels kept). */
export function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _dropped, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

export function findNewReplicaSet(observed: ObservedState, hash: string): ObservedReplicaSet | undefined {
  const byHash = observed.replicaSets.find((rs) => rs.podTemplateHash === hash);
  if (byHash) return byHash;
  return observed.replicaSets.find((rs) =>
    templatesEqual(withoutInjectedAntiAffinity(rs.template, observed.rollout), observed.template),
  );
}

export function classifyReplicaSets(observed: ObservedState): ReplicaSetRoles {
  const hash = currentPodHash(observed);
  const newRS = findNewReplicaSet(observed, hash);
  const stableHash = observed.rollout.status?.stableRS;
  const stableRS = stableHash ? observed.replicaSets.find((rs) => rs.podTemplateHash === stableHash) : undefined;
  const olderRSs = observed.replicaSets.filter((rs) => rs !== newRS);
  const otherRSs = olderRSs.filter((rs) => rs !== stableRS);
  return { currentPodHash: newRS?.podTemplateHash ?? hash, newRS, stableRS, olderRSs, otherRSs };
}

export function maxRevision(replicaSets: ObservedReplicaSet[]): number {
  return replicaSets.reduce((max, rs) => Math.max(max, rs.revision), 0);
}

/** The revision the new ReplicaSet must carry: one more than every older one, never lower than it has. */
export function newRevision(roles: ReplicaSetRoles): number {
  const next = maxRevision(roles.olderRSs) + 1;
  return roles.newRS ? Math.max(roles.newRS.revision, next) : next;
}

/** The pod template in effect equals the stable ReplicaSet's (the update was reverted). */
export function isBackToStable(roles: ReplicaSetRoles): boolean {
  return roles.newRS !== undefined && roles.stableRS !== undefined && roles.newRS === roles.stableRS;
}

/** Argo's PodTemplateOrStepsChanged: the status still describes another template or step list. */
export function podTemplateOrStepsChanged(
  observed: ObservedState,
  roles: ReplicaSetRoles,
  stepsHashNow: string | undefined,
): boolean {
  const status = observed.rollout.status ?? {};
  if (stepsHashNow !== undefined && status.currentStepHash !== stepsHashNow) return true;
  // As Argo's CheckPodSpecChange: with no current pod hash yet (a first deploy) nothing changed.
  if (!status.currentPodHash) return false;
  return status.currentPodHash !== roles.currentPodHash;
}

/** ReplicaSets sorted oldest revision first (creation time breaks ties). */
export function byRevision(replicaSets: ObservedReplicaSet[]): ObservedReplicaSet[] {
  return [...replicaSets].sort((a, b) => a.revision - b.revision || a.createdAt - b.createdAt);
}
