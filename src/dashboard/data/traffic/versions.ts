// The versions of a rollout the traffic chart shows: its ReplicaSets with a role (stable, canary,
// active, preview), each named by its role and pod-template hash, and the workload name Istio's
// metrics give its pods (the ReplicaSet's own name: only a Deployment's hash is stripped).
import type { Rollout } from '../../../api/types/rollout.ts';
import { roleTags } from '../../../view/replica-set-view.ts';

const HASH_LABEL = 'rollouts-pod-template-hash';

export interface VersionRef {
  /** `canary (7fd7df49d)`. */
  label: string;
  podTemplateHash: string;
  namespace: string;
  /** The destination_workload of its pods. */
  workload: string;
}

interface ReplicaSetLike {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: ReadonlyArray<{ kind: string; controller?: boolean }>;
  };
}

/** An experiment's ReplicaSet (controlled by an Experiment) carries its template's pod hash, often the canary's: it is not a version of the rollout. */
function controlledByOther(rs: ReplicaSetLike): boolean {
  return rs.metadata.ownerReferences?.some((owner) => owner.controller && owner.kind !== 'Rollout') ?? false;
}

/** Stable (or active) first, then canary (or preview); ReplicaSets without a role, or of an experiment, are left out. */
export function rolloutVersions(rollout: Rollout, replicaSets: readonly ReplicaSetLike[]): VersionRef[] {
  const namespace = rollout.metadata.namespace ?? 'default';
  const versions: Array<VersionRef & { order: number }> = [];
  for (const rs of replicaSets) {
    const hash = rs.metadata.labels?.[HASH_LABEL];
    if (!hash || !rs.metadata.name || controlledByOther(rs)) continue;
    const roles = roleTags(rollout, hash).filter((role) => role !== 'ping' && role !== 'pong');
    if (roles.length === 0) continue;
    const order = roles.includes('stable') || roles.includes('active') ? 0 : 1;
    versions.push({
      label: `${roles.join(', ')} (${hash})`,
      podTemplateHash: hash,
      namespace: rs.metadata.namespace ?? namespace,
      workload: rs.metadata.name,
      order,
    });
  }
  return versions.sort((a, b) => a.order - b.order).map(({ order: _order, ...version }) => version);
}
