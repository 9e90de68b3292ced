// The Workloads port for one rollout or Deployment, with the ReplicaSets recorded in the store as
// the API server holds them (owned by the Rollout or the Deployment). The records survive a restart
// of the runtime, and `restore()` brings their ReplicaSets back at the recorded replica counts: each
// adopts the pods an earlier runtime recorded that still run, and starts the missing ones.
import type { ReplicaSet } from '../../../api/types/core.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../../../conventions/labels.ts';
import { parseTimestamp } from '../../../conventions/timestamps.ts';
import type { ObservedReplicaSet } from '../../../engine/types.ts';
import type { MetadataChange, ReplicaSetSpec, Workloads } from '../../workloads.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import type { LocalWorkloads } from '../workloads/local-workloads.ts';
import { applyMetadataChanges } from '../../../engine/metadata-changes.ts';
import { applyOptionalMetadataChanges } from '../pods/metadata-changes.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { StoreAccess } from './recording-store.ts';

export type OwnerKind = 'Rollout' | 'Deployment';

/** The owner of the recorded ReplicaSets: a Rollout, or a Deployment (with Kubernetes' hash label). */
export interface WorkloadOwner {
  /** Default Rollout. */
  kind?: OwnerKind;
  namespace: string;
  name: string;
  uid: string;
  selector: Record<string, string>;
}

/** A rollout's ReplicaSets carry `rollouts-pod-template-hash`, a Deployment's `pod-template-hash`. */
export const HASH_LABEL: Record<OwnerKind, string> = {
  Rollout: POD_TEMPLATE_HASH_LABEL,
  Deployment: 'pod-template-hash',
};
const OWNER_API_VERSION: Record<OwnerKind, string> = { Rollout: 'argoproj.io/v1alpha1', Deployment: 'apps/v1' };

export function identityOf(rollout: Rollout, namespace: string): WorkloadOwner {
  return {
    kind: 'Rollout',
    namespace,
    name: rollout.metadata.name ?? '',
    uid: rollout.metadata.uid ?? '',
    selector: { ...(rollout.spec.selector?.matchLabels ?? {}) },
  };
}

/** The ReplicaSets in the store that a rollout (or, with `kind`, a Deployment) owns. */
export function ownedReplicaSets(
  store: Pick<ObjectStore, 'list'>,
  namespace: string,
  ownerName: string,
  kind: OwnerKind = 'Rollout',
): ReplicaSet[] {
  return store
    .list('ReplicaSet', namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((owner) => owner.kind === kind && owner.name === ownerName));
}

/** The pod-template hash a stored ReplicaSet carries, whichever owner's label it is. */
export function recordedHash(record: ReplicaSet): string | undefined {
  const labels = record.metadata.labels ?? {};
  return labels[HASH_LABEL.Rollout] ?? labels[HASH_LABEL.Deployment];
}

export class RecordedWorkloads implements Workloads {
  readonly #inner: LocalWorkloads;
  readonly #store: StoreAccess;
  readonly #owner: Required<WorkloadOwner>;

  constructor(inner: LocalWorkloads, store: StoreAccess, owner: WorkloadOwner) {
    this.#inner = inner;
    this.#store = store;
    this.#owner = { ...owner, kind: owner.kind ?? 'Rollout' };
  }

  get local(): LocalWorkloads {
    return this.#inner;
  }

  /** Recreates the pods of every recorded ReplicaSet (after a restart of the runtime). */
  async restore(): Promise<void> {
    for (const record of this.records()) {
      const annotations = record.metadata.annotations ?? {};
      await this.#inner.createReplicaSet({
        name: record.metadata.name ?? '',
        podTemplateHash: record.metadata.labels?.[HASH_LABEL[this.#owner.kind]] ?? '',
        revision: Number(annotations[REVISION_ANNOTATION] ?? 0) || 0,
        replicas: record.spec.replicas ?? 0,
        template: record.spec.template,
        annotations,
        ...(record.spec.minReadySeconds !== undefined ? { minReadySeconds: record.spec.minReadySeconds } : {}),
        ...createdAtOf(record),
      });
    }
  }

  async createReplicaSet(spec: ReplicaSetSpec): Promise<void> {
    let record = this.#record(spec.name);
    if (!record) {
      const hashLabel = HASH_LABEL[this.#owner.kind];
      const labels = { ...(spec.template.metadata?.labels ?? {}), [hashLabel]: spec.podTemplateHash };
      record = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: spec.name,
          namespace: this.#owner.namespace,
          labels,
          annotations: { ...spec.annotations },
          ownerReferences: [
            {
              apiVersion: OWNER_API_VERSION[this.#owner.kind],
              kind: this.#owner.kind,
              name: this.#owner.name,
              uid: this.#owner.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas: spec.replicas,
          ...(spec.minReadySeconds !== undefined ? { minReadySeconds: spec.minReadySeconds } : {}),
          selector: { matchLabels: { ...this.#owner.selector, [hashLabel]: spec.podTemplateHash } },
          template: structuredClone(spec.template),
        },
      };
      this.#store.put(record);
      record = this.#record(spec.name) ?? record;
    }
    // The pods' ReplicaSet takes the record's age, so observe() and the stored object agree.
    await this.#inner.createReplicaSet({ ...spec, ...createdAtOf(record) });
  }

  async scaleReplicaSet(name: string, replicas: number, annotations?: Record<string, string | null>): Promise<void> {
    await this.#inner.scaleReplicaSet(name, replicas, annotations);
    this.#store.update('ReplicaSet', this.#owner.namespace, name, (rs) => {
      rs.spec.replicas = replicas;
      if (annotations) rs.metadata.annotations = applyMetadataChanges(rs.metadata.annotations ?? {}, annotations);
    });
  }

  async updateReplicaSetMetadata(name: string, change: MetadataChange): Promise<void> {
    await this.#inner.updateReplicaSetMetadata(name, change);
    this.#store.update('ReplicaSet', this.#owner.namespace, name, (rs) => {
      if (change.annotations)
        rs.metadata.annotations = applyMetadataChanges(rs.metadata.annotations ?? {}, change.annotations);
      const metadata = rs.spec.template.metadata ?? {};
      const labels = applyOptionalMetadataChanges(metadata.labels, change.podLabels);
      const podAnnotations = applyOptionalMetadataChanges(metadata.annotations, change.podAnnotations);
      rs.spec.template = {
        ...rs.spec.template,
        metadata: {
          ...metadata,
          ...(labels ? { labels } : {}),
          ...(podAnnotations ? { annotations: podAnnotations } : {}),
        },
      };
    });
  }

  async deleteReplicaSet(name: string): Promise<void> {
    await this.#inner.deleteReplicaSet(name);
    this.#store.delete({ kind: 'ReplicaSet', namespace: this.#owner.namespace, name });
  }

  async deletePod(replicaSet: string, pod: string): Promise<void> {
    await this.#inner.deletePod(replicaSet, pod);
  }

  /** The live ReplicaSets (created with their records' age); the counts go to the records' status. */
  async observe(): Promise<ObservedReplicaSet[]> {
    const observed = await this.#inner.observe();
    for (const rs of observed) {
      const record = this.#record(rs.name);
      if (record) this.#recordCounts(record, rs);
    }
    return observed;
  }

  /** Every pod's full status, by ReplicaSet name. */
  podStatuses(): Map<string, PodStatus[]> {
    const result = new Map<string, PodStatus[]>();
    for (const record of this.records()) {
      const name = record.metadata.name ?? '';
      result.set(name, this.#inner.replicaSet(name)?.podStatuses() ?? []);
    }
    return result;
  }

  /** The ReplicaSets recorded for the owner. */
  records(): ReplicaSet[] {
    return ownedReplicaSets(this.#store, this.#owner.namespace, this.#owner.name, this.#owner.kind);
  }

  #record(name: string): ReplicaSet | undefined {
    return this.#store.get('ReplicaSet', this.#owner.namespace, name);
  }

  #recordCounts(record: ReplicaSet, rs: ObservedReplicaSet): void {
    const status = {
      replicas: rs.currentReplicas,
      readyReplicas: rs.readyReplicas,
      availableReplicas: rs.availableReplicas,
      observedGeneration: record.metadata.generation ?? 1,
    };
    this.#store.writeStatus({ kind: 'ReplicaSet', namespace: this.#owner.namespace, name: rs.name }, status);
  }
}

function createdAtOf(record: ReplicaSet): { createdAt?: number } {
  const createdAt = parseTimestamp(record.metadata.creationTimestamp);
  return createdAt !== undefined ? { createdAt } : {};
}
