// The Workloads port for one rollout, with the ReplicaSets recorded in the store as the API server
// holds them. Pods are processes and do not survive a restart of the runtime; the ReplicaSet
// records do, and `restore()` brings their pods back at the recorded replica counts.
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

export interface RolloutIdentity {
  namespace: string;
  name: string;
  uid: string;
  selector: Record<string, string>;
}

export function identityOf(rollout: Rollout, namespace: string): RolloutIdentity {
  return {
    namespace,
    name: rollout.metadata.name ?? '',
    uid: rollout.metadata.uid ?? '',
    selector: { ...(rollout.spec.selector?.matchLabels ?? {}) },
  };
}

/** The ReplicaSets in the store that a rollout owns. */
export function ownedReplicaSets(
  store: Pick<ObjectStore, 'list'>,
  namespace: string,
  rolloutName: string,
): ReplicaSet[] {
  return store
    .list('ReplicaSet', namespace)
    .filter((rs) =>
      rs.metadata.ownerReferences?.some((owner) => owner.kind === 'Rollout' && owner.name === rolloutName),
    );
}

export class RecordedWorkloads implements Workloads {
  readonly #inner: LocalWorkloads;
  readonly #store: StoreAccess;
  readonly #owner: RolloutIdentity;

  constructor(inner: LocalWorkloads, store: StoreAccess, owner: RolloutIdentity) {
    this.#inner = inner;
    this.#store = store;
    this.#owner = owner;
  }

  get local(): LocalWorkloads {
    return this.#inner;
  }

  /** Recreates the pods of every recorded ReplicaSet (after a restart of the runtime). */
  async restore(): Promise<void> {
    for (const record of ownedReplicaSets(this.#store, this.#owner.namespace, this.#owner.name)) {
      const annotations = record.metadata.annotations ?? {};
      await this.#inner.createReplicaSet({
        name: record.metadata.name ?? '',
        podTemplateHash: record.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
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
      const labels = { ...(spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: spec.podTemplateHash };
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
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Rollout',
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
          selector: { matchLabels: { ...this.#owner.selector, [POD_TEMPLATE_HASH_LABEL]: spec.podTemplateHash } },
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
    for (const record of ownedReplicaSets(this.#store, this.#owner.namespace, this.#owner.name)) {
      const name = record.metadata.name ?? '';
      result.set(name, this.#inner.replicaSet(name)?.podStatuses() ?? []);
    }
    return result;
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
