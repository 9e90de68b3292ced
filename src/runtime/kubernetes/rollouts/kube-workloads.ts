// The Workloads port over the Kubernetes API for one rollout: ReplicaSets named `<rollout>-<hash>`,
// labelled and annotated as Argo Rollouts does, owned by the Rollout (controller ownerReference, so
// the garbage collector removes them with it). Reads come from the informer caches; writes go to
// the API server and are recorded so the next reconcile waits until the caches show them.
import type { ReplicaSet } from '../../../api/types/core.ts';
import type { PodTemplateSpec } from '../../../api/types/pod.ts';
import type { OwnerReference } from '../../../api/types/meta.ts';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../../../conventions/labels.ts';
import { parseTimestamp } from '../../../conventions/timestamps.ts';
import type { ObservedReplicaSet } from '../../../engine/types.ts';
import type { MetadataChange, ReplicaSetSpec, Workloads } from '../../workloads.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import {
  AlreadyExistsError,
  KubeApiError,
  NotFoundError,
  TooManyRequestsError,
} from '../../../platform/kubernetes/client/errors.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import { workloadResources } from '../resources.ts';
import { ownerUidIndex, type ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import { controllerUidOf, type RolloutCaches } from './caches.ts';
import { observedPod } from './pod-state.ts';
import type { WrittenVersions } from './written-versions.ts';

export interface RolloutOwner {
  namespace: string;
  name: string;
  uid: string;
  /** The rollout's selector (the ReplicaSet's selector adds the hash label to it). */
  selector: ReplicaSet['spec']['selector'];
  minReadySeconds: number;
  /** The rollout key the writes are recorded under. */
  key: string;
  /** When the Rollout was created (metadata.creationTimestamp), to bound the wait for a predecessor's ReplicaSet. */
  createdAt?: number;
}

/** A ReplicaSet of that name exists with another pod template and another (or no) owner. */
export class ReplicaSetCollisionError extends Error {
  override name = 'ReplicaSetCollisionError';
}

/**
 * A ReplicaSet of that name still belongs to a deleted Rollout of the same name (deleted and created
 * again): the garbage collector removes it shortly, and the name is free again. Until then the pass
 * waits instead of counting a collision, which would give the revision another name and leave two
 * ReplicaSets of revision 1 side by side for a while.
 */
export class PredecessorReplicaSetError extends Error {
  override name = 'PredecessorReplicaSetError';
}

/** How long after its creation a Rollout waits for its predecessor's ReplicaSets to be collected, before it counts a collision as Argo does. */
const PREDECESSOR_WAIT_MS = 60_000;

export function rolloutOwnerReference(owner: { name: string; uid: string }): OwnerReference {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    name: owner.name,
    uid: owner.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface KubeWorkloadsDeps {
  client: ObjectClient;
  caches: RolloutCaches;
  written: WrittenVersions;
  now: () => number;
}

export class KubeWorkloads implements Workloads {
  readonly #deps: KubeWorkloadsDeps;
  readonly #owner: RolloutOwner;

  constructor(deps: KubeWorkloadsDeps, owner: RolloutOwner) {
    this.#deps = deps;
    this.#owner = owner;
  }

  async createReplicaSet(spec: ReplicaSetSpec): Promise<void> {
    const { namespace } = this.#owner;
    const object = this.#replicaSetObject(spec);
    try {
      this.#wrote(await this.#deps.client.create(workloadResources.replicaSets, namespace, object));
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      await this.#adopt(spec);
    }
  }

  async scaleReplicaSet(name: string, replicas: number, annotations?: Record<string, string | null>): Promise<void> {
    const patch = { ...(annotations ? { metadata: { annotations } } : {}), spec: { replicas } };
    this.#wrote(await this.#deps.client.patch(workloadResources.replicaSets, this.#owner.namespace, name, patch));
  }

  async updateReplicaSetMetadata(name: string, change: MetadataChange): Promise<void> {
    const { client } = this.#deps;
    const podMetadata = {
      ...(change.podLabels ? { labels: change.podLabels } : {}),
      ...(change.podAnnotations ? { annotations: change.podAnnotations } : {}),
    };
    const patch = {
      ...(change.annotations ? { metadata: { annotations: change.annotations } } : {}),
      ...(Object.keys(podMetadata).length > 0 ? { spec: { template: { metadata: podMetadata } } } : {}),
    };
    if (Object.keys(patch).length > 0)
      this.#wrote(await client.patch(workloadResources.replicaSets, this.#owner.namespace, name, patch));
    if (Object.keys(podMetadata).length === 0) return;
    // Live pods get the role metadata too (the ReplicaSet controller only uses the template for new ones).
    const rs = this.#deps.caches.replicaSets.getByName(this.#owner.namespace, name);
    for (const pod of rs ? this.#deps.caches.pods.byIndex(ownerUidIndex, rs.metadata.uid) : []) {
      try {
        await client.patch(workloadResources.pods, this.#owner.namespace, pod.metadata.name, { metadata: podMetadata });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
  }

  async deleteReplicaSet(name: string): Promise<void> {
    try {
      await this.#deps.client.delete(workloadResources.replicaSets, this.#owner.namespace, name, {
        propagationPolicy: 'Background',
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    this.#deps.written.deleted(this.#owner.key, this.#store(), this.#owner.namespace, name, this.#deps.now());
  }

  /** Evicts the pod (a PodDisruptionBudget may refuse: the engine asks again later); deletes it where eviction is not served. */
  async deletePod(_replicaSet: string, pod: string): Promise<void> {
    const { client } = this.#deps;
    const { namespace } = this.#owner;
    try {
      await client.evict(namespace, pod);
      return;
    } catch (error) {
      if (error instanceof TooManyRequestsError) return;
      const unserved =
        error instanceof NotFoundError ||
        (error instanceof KubeApiError && (error.statusCode === 405 || error.statusCode === 501));
      if (!unserved) throw error;
    }
    try {
      await client.delete(workloadResources.pods, namespace, pod);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  async observe(): Promise<ObservedReplicaSet[]> {
    return ownedReplicaSets(this.#deps.caches, this.#owner.uid).map((rs) => this.#observed(rs));
  }

  #observed(rs: Stored<ReplicaSet>): ObservedReplicaSet {
    const { caches, now } = this.#deps;
    const template = observedTemplate(rs.spec.template);
    const annotations = rs.metadata.annotations ?? {};
    const minReadySeconds = rs.spec.minReadySeconds ?? this.#owner.minReadySeconds;
    const at = now();
    const pods = caches.pods
      .byIndex(ownerUidIndex, rs.metadata.uid)
      .filter((pod) => controllerUidOf(pod.metadata) === rs.metadata.uid);
    return {
      name: rs.metadata.name,
      podTemplateHash: rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
      revision: Number(annotations[REVISION_ANNOTATION] ?? 0) || 0,
      template,
      replicas: rs.spec.replicas ?? 1,
      currentReplicas: rs.status?.replicas ?? 0,
      readyReplicas: rs.status?.readyReplicas ?? 0,
      availableReplicas: rs.status?.availableReplicas ?? 0,
      createdAt: parseTimestamp(rs.metadata.creationTimestamp) ?? 0,
      annotations: { ...annotations },
      pods: pods.map((pod) => observedPod(pod, minReadySeconds, at)),
    };
  }

  #replicaSetObject(spec: ReplicaSetSpec): ReplicaSet {
    const { namespace, selector } = this.#owner;
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: spec.name,
        namespace,
        labels: { ...(spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: spec.podTemplateHash },
        annotations: { ...spec.annotations },
        ownerReferences: [rolloutOwnerReference(this.#owner)],
      },
      spec: {
        replicas: spec.replicas,
        ...(spec.minReadySeconds !== undefined ? { minReadySeconds: spec.minReadySeconds } : {}),
        selector: {
          ...structuredClone(selector),
          matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: spec.podTemplateHash },
        },
        template: structuredClone(spec.template),
      },
    };
  }

  /**
   * A ReplicaSet of that name exists: ours already (a create whose answer was lost, a cache behind),
   * an orphan with our pod-template hash (adopted), or someone else's (a collision).
   */
  async #adopt(spec: ReplicaSetSpec): Promise<void> {
    const { client } = this.#deps;
    const existing = await client.get(workloadResources.replicaSets, this.#owner.namespace, spec.name);
    const controller = controllerUidOf(existing.metadata);
    if (controller === this.#owner.uid) return this.#wrote(existing);
    if (controller === undefined && existing.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === spec.podTemplateHash) {
      const ownerReferences = [...(existing.metadata.ownerReferences ?? []), rolloutOwnerReference(this.#owner)];
      const patch = { metadata: { ownerReferences, resourceVersion: existing.metadata.resourceVersion } };
      return this.#wrote(await client.patch(workloadResources.replicaSets, this.#owner.namespace, spec.name, patch));
    }
    const owner = existing.metadata.ownerReferences?.find((ref) => ref.controller === true);
    const predecessor = owner?.kind === 'Rollout' && owner.name === this.#owner.name && owner.uid !== this.#owner.uid;
    const young = this.#owner.createdAt !== undefined && this.#deps.now() - this.#owner.createdAt < PREDECESSOR_WAIT_MS;
    if (predecessor && young)
      throw new PredecessorReplicaSetError(
        `ReplicaSet ${this.#owner.namespace}/${spec.name} still belongs to a deleted Rollout of the same name (uid ${owner.uid}); waiting for the garbage collector to remove it`,
      );
    throw new ReplicaSetCollisionError(
      `ReplicaSet ${this.#owner.namespace}/${spec.name} already exists and belongs to something else`,
    );
  }

  #store(): ReadableStore<Stored<ReplicaSet>> {
    return this.#deps.caches.replicaSets;
  }

  #wrote(object: Stored<ReplicaSet>): void {
    this.#deps.written.wrote(this.#owner.key, this.#store(), object, this.#deps.now());
  }
}

/**
 * Each cached ReplicaSet's pod template as the engine observes it, by the cached template: an
 * informer replaces a cached object on every change and never changes one in place, so it is made
 * once per version of the ReplicaSet instead of once per pass.
 */
const observedTemplates = new WeakMap<PodTemplateSpec, PodTemplateSpec>();

/**
 * The template without its hash label, as the engine compares it with the Rollout's. Only what
 * changes is copied, and frozen as the passes share it; the pod spec is the cached object's own,
 * which nothing changes either (test/unit/runtime/kubernetes/rollouts/frozen-caches.test.ts runs
 * the passes over frozen caches).
 */
export function observedTemplate(cached: PodTemplateSpec): PodTemplateSpec {
  const known = observedTemplates.get(cached);
  if (known) return known;
  const labels = { ...(cached.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  const template = Object.freeze({
    ...cached,
    metadata: Object.freeze({ ...cached.metadata, labels: Object.freeze(labels) }),
  });
  observedTemplates.set(cached, template);
  return template;
}

/** The ReplicaSets a rollout controls (by uid), leaving out those being deleted. */
export function ownedReplicaSets(caches: RolloutCaches, rolloutUid: string): Array<Stored<ReplicaSet>> {
  return caches.replicaSets
    .byIndex(ownerUidIndex, rolloutUid)
    .filter((rs) => controllerUidOf(rs.metadata) === rolloutUid && rs.metadata.deletionTimestamp === undefined);
}
