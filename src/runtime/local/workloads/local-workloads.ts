// The Workloads port on one machine: the ReplicaSets of one rollout, as local processes.
// The orchestrator creates one per rollout and shares a PodEnvironment between them, so every
// pod appears in the same endpoint feed.
import type { ObservedReplicaSet } from '../../../engine/types.ts';
import type { MetadataChange, ReplicaSetSpec, Workloads } from '../../workloads.ts';
import type { PodEnvironment } from '../pods/pod-environment.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import { LocalReplicaSet } from './local-replica-set.ts';

export class UnknownReplicaSetError extends Error {
  override name = 'UnknownReplicaSetError';
}

export class LocalWorkloads implements Workloads {
  readonly namespace: string;
  readonly #environment: PodEnvironment;
  readonly #replicaSets = new Map<string, LocalReplicaSet>();
  readonly #deleting = new Set<Promise<void>>();
  readonly #listeners = new Set<() => void>();

  constructor(namespace: string, environment: PodEnvironment) {
    this.namespace = namespace;
    this.#environment = environment;
  }

  /** Called on every change of a pod of these ReplicaSets (a reason to reconcile again). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The pods of every ReplicaSet, stopping ones included. */
  allPodStatuses(): PodStatus[] {
    return [...this.#replicaSets.values()].flatMap((replicaSet) => replicaSet.podStatuses());
  }

  replicaSet(name: string): LocalReplicaSet | undefined {
    return this.#replicaSets.get(name);
  }

  async createReplicaSet(spec: ReplicaSetSpec): Promise<void> {
    if (this.#replicaSets.has(spec.name)) return;
    const replicaSet = new LocalReplicaSet(spec, this.namespace, this.#environment);
    replicaSet.onChange(() => this.#notify());
    this.#replicaSets.set(spec.name, replicaSet);
    this.#notify();
  }

  async scaleReplicaSet(name: string, replicas: number, annotations?: Record<string, string | null>): Promise<void> {
    this.#get(name).scale(replicas, annotations);
  }

  async updateReplicaSetMetadata(name: string, change: MetadataChange): Promise<void> {
    this.#get(name).updateMetadata(change);
  }

  async deleteReplicaSet(name: string): Promise<void> {
    const replicaSet = this.#replicaSets.get(name);
    if (!replicaSet) return;
    this.#replicaSets.delete(name);
    const deleting = replicaSet.delete().finally(() => this.#deleting.delete(deleting));
    this.#deleting.add(deleting);
    this.#notify();
  }

  async deletePod(replicaSet: string, pod: string): Promise<void> {
    this.#get(replicaSet).deletePod(pod);
  }

  async observe(): Promise<ObservedReplicaSet[]> {
    const now = Date.now();
    return [...this.#replicaSets.values()].map((replicaSet) => replicaSet.observe(now));
  }

  /** Stops every pod gracefully (the runtime is shutting down); resolves once all have stopped. */
  async shutdown(): Promise<void> {
    const replicaSets = [...this.#replicaSets.values()];
    this.#replicaSets.clear();
    await Promise.all([...replicaSets.map((replicaSet) => replicaSet.delete()), ...this.#deleting]);
  }

  #get(name: string): LocalReplicaSet {
    const replicaSet = this.#replicaSets.get(name);
    if (!replicaSet)
      throw new UnknownReplicaSetError(`ReplicaSet ${this.namespace}/${name} does not exist in the local runtime`);
    return replicaSet;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
