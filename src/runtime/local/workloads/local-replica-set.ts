// A ReplicaSet of the local runtime: keeps spec.replicas pods running, replaces pods that were
// deleted, stops the pods Kubernetes would stop first when scaled down, and reports
// ready/available counts (available: ready for minReadySeconds).
import { setLongTimeout, type LongTimeout } from '../../../platform/long-timer.ts';
import { randomInt } from 'node:crypto';
import type { PodTemplateSpec } from '../../../api/types/pod.ts';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../../../conventions/labels.ts';
import type { ObservedPod, ObservedReplicaSet } from '../../../engine/types.ts';
import type { MetadataChange, ReplicaSetSpec } from '../../workloads.ts';
import { LocalPod, type PodMetadata } from '../pods/local-pod.ts';
import { isSameProcess } from '../../../platform/process/process-identity.ts';
import type { PodEnvironment } from '../pods/pod-environment.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import { deletionCostOf, podsToStop, type PodRank } from './scale-down-order.ts';
import { applyMetadataChanges } from '../../../engine/metadata-changes.ts';
import { applyOptionalMetadataChanges } from '../pods/metadata-changes.ts';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class LocalReplicaSet {
  readonly name: string;
  readonly namespace: string;
  readonly podTemplateHash: string;
  readonly createdAt: number;
  readonly #createdRevision: number;
  #minReadySeconds: number;
  #replicas: number;
  #template: PodTemplateSpec;
  #annotations: Record<string, string>;
  readonly #environment: PodEnvironment;
  readonly #active = new Map<string, LocalPod>();
  readonly #stopping = new Map<string, { pod: LocalPod; stopped: Promise<void> }>();
  readonly #availabilityTimers = new Map<string, LongTimeout>();
  readonly #listeners = new Set<() => void>();

  constructor(spec: ReplicaSetSpec, namespace: string, environment: PodEnvironment) {
    this.name = spec.name;
    this.namespace = namespace;
    this.podTemplateHash = spec.podTemplateHash;
    this.#createdRevision = spec.revision;
    this.createdAt = spec.createdAt ?? Date.now();
    this.#minReadySeconds = spec.minReadySeconds ?? 0;
    this.#replicas = spec.replicas;
    this.#template = spec.template;
    this.#annotations = { ...spec.annotations };
    this.#environment = environment;
    this.#adoptRecordedPods();
    this.#sync();
  }

  get minReadySeconds(): number {
    return this.#minReadySeconds;
  }

  /** A new spec.minReadySeconds (the Deployment's changed): each pod's availability is counted again with it. */
  setMinReadySeconds(seconds: number): void {
    if (seconds === this.#minReadySeconds) return;
    this.#minReadySeconds = seconds;
    for (const pod of [...this.#active.values()]) this.#podChanged(pod);
    this.#notify();
  }

  get replicas(): number {
    return this.#replicas;
  }

  /**
   * The `rollout.argoproj.io/revision` annotation, which the engine rewrites when it reuses this
   * ReplicaSet for a newer revision (a rollback to an earlier template); the revision it was
   * created with while the annotation is absent or not a number.
   */
  get revision(): number {
    const annotated = Number(this.#annotations[REVISION_ANNOTATION]);
    return Number.isInteger(annotated) && annotated > 0 ? annotated : this.#createdRevision;
  }

  /** Called whenever a pod changes, starts or stops, and when a pod becomes available. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  scale(replicas: number, annotations: Record<string, string | null> = {}): void {
    this.#annotations = applyMetadataChanges(this.#annotations, annotations);
    this.#replicas = Math.max(0, replicas);
    this.#sync();
    this.#notify();
  }

  updateMetadata(change: MetadataChange): void {
    this.#annotations = applyMetadataChanges(this.#annotations, change.annotations ?? {});
    const { labels, annotations, ...metadata } = this.#template.metadata ?? {};
    const nextLabels = applyOptionalMetadataChanges(labels, change.podLabels);
    const nextAnnotations = applyOptionalMetadataChanges(annotations, change.podAnnotations);
    this.#template = {
      ...this.#template,
      metadata: {
        ...metadata,
        ...(nextLabels ? { labels: nextLabels } : {}),
        ...(nextAnnotations ? { annotations: nextAnnotations } : {}),
      },
    };
    for (const pod of this.#active.values()) pod.updateMetadata(change.podLabels, change.podAnnotations);
    this.#notify();
  }

  /** Stops one pod; a replacement is created at once (the stopping pod no longer counts). */
  deletePod(name: string): boolean {
    const pod = this.#active.get(name);
    if (!pod) return false;
    this.#stopPod(pod);
    this.#sync();
    this.#notify();
    return true;
  }

  /** Scales to zero and resolves once every pod has stopped. */
  async delete(): Promise<void> {
    this.scale(0);
    await this.stopped();
  }

  /** Resolves once every pod being stopped now has stopped. */
  async stopped(): Promise<void> {
    while (this.#stopping.size > 0) await Promise.all([...this.#stopping.values()].map((entry) => entry.stopped));
  }

  observe(now = Date.now()): ObservedReplicaSet {
    const active = [...this.#active.values()];
    const pods: ObservedPod[] = [
      ...active.map((pod) => ({
        name: pod.name,
        createdAt: pod.createdAt,
        ready: pod.ready,
        available: this.#available(pod, now),
      })),
      ...[...this.#stopping.values()].map(({ pod }) => ({
        name: pod.name,
        createdAt: pod.createdAt,
        ready: false,
        available: false,
        terminating: true,
      })),
    ];
    return {
      name: this.name,
      podTemplateHash: this.podTemplateHash,
      revision: this.revision,
      template: withoutHashLabel(this.#template),
      replicas: this.#replicas,
      currentReplicas: active.length,
      readyReplicas: active.filter((pod) => pod.ready).length,
      availableReplicas: active.filter((pod) => this.#available(pod, now)).length,
      createdAt: this.createdAt,
      annotations: { ...this.#annotations },
      pods,
    };
  }

  /** Every pod's full status, stopping ones included (for `get rollout` and the dashboard). */
  podStatuses(): PodStatus[] {
    return [...this.#active.values(), ...[...this.#stopping.values()].map((entry) => entry.pod)].map((pod) =>
      pod.status(),
    );
  }

  #sync(): void {
    const missing = this.#replicas - this.#active.size;
    for (let index = 0; index < missing; index++) this.#createPod();
    if (missing < 0) {
      const ranked = [...this.#active.values()].map((pod) => ({ pod, ...rankOf(pod) }));
      for (const { pod } of podsToStop(ranked, -missing)) this.#stopPod(pod);
    }
  }

  /**
   * Takes over the pods an earlier runtime recorded for this ReplicaSet whose processes still run
   * (same pids, checked by start time); a record whose processes are all gone is forgotten.
   */
  #adoptRecordedPods(): void {
    const records = this.#environment.records?.claim(this.namespace, this.name, this.podTemplateHash) ?? [];
    for (const record of records) {
      if (!record.containers.some((c) => isSameProcess(c.pid, c.startTime))) {
        this.#environment.records?.remove(record.namespace, record.name);
        continue;
      }
      this.#addPod(record.name, { labels: record.labels, annotations: record.annotations, adopt: record });
    }
  }

  #createPod(): void {
    let name: string;
    do name = `${this.name}-${randomSuffix()}`;
    while (this.#active.has(name) || this.#stopping.has(name));
    const metadata = this.#template.metadata ?? {};
    this.#addPod(name, { labels: { ...(metadata.labels ?? {}) }, annotations: { ...(metadata.annotations ?? {}) } });
  }

  #addPod(name: string, metadata: Pick<PodMetadata, 'labels' | 'annotations' | 'adopt'>): void {
    const owner = { replicaSet: this.name, podTemplateHash: this.podTemplateHash };
    const pod = new LocalPod(
      { name, namespace: this.namespace, ...metadata, owner },
      this.#template.spec ?? { containers: [] },
      this.#environment,
    );
    this.#active.set(name, pod);
    pod.onChange(() => this.#podChanged(pod));
    pod.start().catch((error: unknown) =>
      this.#environment.onOutput?.({
        namespace: this.namespace,
        pod: name,
        container: '',
        stream: 'stderr',
        text: `pod did not start: ${(error as Error).message}\n`,
      }),
    );
  }

  #stopPod(pod: LocalPod): void {
    this.#active.delete(pod.name);
    this.#clearAvailabilityTimer(pod.name);
    const stopped = pod.stop().finally(() => {
      this.#stopping.delete(pod.name);
      this.#notify();
    });
    this.#stopping.set(pod.name, { pod, stopped });
  }

  #podChanged(pod: LocalPod): void {
    if (!this.#active.has(pod.name)) return;
    this.#clearAvailabilityTimer(pod.name);
    const readySince = pod.readySince;
    if (pod.ready && readySince !== undefined && this.#minReadySeconds > 0) {
      const dueInMs = readySince + this.#minReadySeconds * 1000 - Date.now();
      if (dueInMs > 0)
        this.#availabilityTimers.set(
          pod.name,
          setLongTimeout(() => this.#notify(), dueInMs + 1),
        );
    }
    this.#notify();
  }

  #available(pod: LocalPod, now: number): boolean {
    const readySince = pod.readySince;
    return pod.ready && readySince !== undefined && now - readySince >= this.#minReadySeconds * 1000;
  }

  #clearAvailabilityTimer(name: string): void {
    this.#availabilityTimers.get(name)?.cancel();
    this.#availabilityTimers.delete(name);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function rankOf(pod: LocalPod): Omit<PodRank, 'name'> & { name: string } {
  const status = pod.status();
  return {
    name: pod.name,
    phase: status.phase,
    ready: pod.ready,
    ...(pod.readySince !== undefined ? { readySince: pod.readySince } : {}),
    restartCount: status.containers.reduce((sum, c) => sum + c.restartCount, 0),
    createdAt: pod.createdAt,
    deletionCost: deletionCostOf(pod.annotations),
  };
}

function randomSuffix(): string {
  let suffix = '';
  for (let index = 0; index < 5; index++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return suffix;
}

function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}
