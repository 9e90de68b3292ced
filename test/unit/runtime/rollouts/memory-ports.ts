// In-memory ports of the rollout loop for unit tests of the loop itself: a reader and a writer over
// one map of objects (each write gets the next resourceVersion), Workloads whose pods are ready the
// moment they are asked for, and a router that keeps the traffic it was given. Every write is logged
// in order, so a test can assert what a pass changed and in which order.
import type { AnalysisRun } from '../../../../src/api/types/analysis.ts';
import type { Experiment } from '../../../../src/api/types/experiment.ts';
import type { KnownObject } from '../../../../src/api/types/index.ts';
import type { Stored } from '../../../../src/platform/kubernetes/client/objects.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { RolloutStatus } from '../../../../src/api/types/rollout-status.ts';
import { applyMetadataChanges } from '../../../../src/engine/metadata-changes.ts';
import {
  MANAGED_BY_ROLLOUTS_ANNOTATION as MANAGED_BY,
  POD_TEMPLATE_HASH_LABEL,
} from '../../../../src/conventions/labels.ts';
import { canonicalJson } from '../../../../src/api/pod-template-hash.ts';
import type { DesiredTraffic, ObservedReplicaSet, RolloutEvent } from '../../../../src/engine/types.ts';
import type { ApplyResult, TrafficInPlace, TrafficRouter, Verification } from '../../../../src/traffic/router.ts';
import { releasedDestinationRule } from '../../../../src/traffic/routers/istio/destination-rule.ts';
import type {
  ReadKind,
  ReadKinds,
  RolloutPorts,
  RolloutReader,
  RolloutWriter,
  StatusWrite,
} from '../../../../src/runtime/rollouts/ports.ts';
import type { MetadataChange, ReplicaSetSpec, Workloads } from '../../../../src/runtime/workloads.ts';

export class MemoryObjects {
  readonly #objects = new Map<string, KnownObject>();
  #version = 0;
  /** Every write, in order: `Kind/name` and what changed. */
  readonly writes: string[] = [];

  static key(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  // Every object is put with its name, namespace, uid and resourceVersion set: what it holds is stored.
  get<K extends ReadKind>(kind: K, namespace: string, name: string): Stored<ReadKinds[K]> | undefined {
    const object = this.#objects.get(MemoryObjects.key(kind, namespace, name));
    return object === undefined ? undefined : (structuredClone(object) as Stored<ReadKinds[K]>);
  }

  list(kind: string): Array<Stored<KnownObject>> {
    return [...this.#objects.values()]
      .filter((object) => object.kind === kind)
      .map((object) => structuredClone(object) as Stored<KnownObject>);
  }

  put(object: KnownObject, what = 'put'): KnownObject {
    const stored = structuredClone(object);
    const namespace = object.kind === 'ClusterAnalysisTemplate' ? '' : (object.metadata.namespace ?? 'default');
    stored.metadata = {
      ...stored.metadata,
      namespace,
      resourceVersion: String(++this.#version),
      uid: stored.metadata.uid ?? `uid-${object.metadata.name}`,
    };
    this.#objects.set(MemoryObjects.key(object.kind, namespace, object.metadata.name ?? ''), stored);
    this.writes.push(`${object.kind}/${object.metadata.name}: ${what}`);
    return stored;
  }

  delete(kind: string, namespace: string, name: string): void {
    if (this.#objects.delete(MemoryObjects.key(kind, namespace, name))) this.writes.push(`${kind}/${name}: deleted`);
  }
}

export function memoryReader(objects: MemoryObjects): RolloutReader {
  return {
    get: (kind, namespace, name) => objects.get(kind, namespace, name),
    analysisRunsOf: (rollout) =>
      objects
        .list('AnalysisRun')
        .filter((run) => run.metadata.ownerReferences?.some((owner) => owner.uid === rollout.metadata.uid)) as Array<
        Stored<AnalysisRun>
      >,
    experimentsOf: (rollout) =>
      objects
        .list('Experiment')
        .filter((experiment) =>
          experiment.metadata.ownerReferences?.some((owner) => owner.uid === rollout.metadata.uid),
        ) as Array<Stored<Experiment>>,
  };
}

export interface MemoryWriterOptions {
  /** Answer every status write with this instead of writing. */
  statusWrite?: StatusWrite;
}

export function memoryWriter(objects: MemoryObjects, options: MemoryWriterOptions = {}): RolloutWriter {
  return {
    async setServiceSelector(namespace, service, podTemplateHash, rolloutName) {
      const object = objects.get('Service', namespace, service);
      if (!object) return false;
      object.spec.selector = { ...(object.spec.selector ?? {}), [POD_TEMPLATE_HASH_LABEL]: podTemplateHash };
      object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [MANAGED_BY]: rolloutName };
      if (podTemplateHash === '') {
        delete object.spec.selector[POD_TEMPLATE_HASH_LABEL];
        delete object.metadata.annotations[MANAGED_BY];
      }
      objects.put(object, `selector ${podTemplateHash}`);
      return true;
    },
    async createAnalysisRun(run) {
      if (objects.get('AnalysisRun', run.metadata.namespace ?? 'default', run.metadata.name ?? '')) return;
      objects.put(run, `created${run.status?.phase ? ` in ${run.status.phase}` : ''}`);
    },
    async terminateAnalysisRun(namespace, name) {
      const run = objects.get('AnalysisRun', namespace, name);
      if (run) objects.put({ ...run, spec: { ...run.spec, terminate: true } }, 'terminate');
    },
    async deleteAnalysisRun(namespace, name) {
      objects.delete('AnalysisRun', namespace, name);
    },
    async createExperiment(experiment) {
      if (objects.get('Experiment', experiment.metadata.namespace ?? 'default', experiment.metadata.name ?? '')) return;
      objects.put(experiment, 'created');
    },
    async terminateExperiment(namespace, name) {
      const experiment = objects.get('Experiment', namespace, name);
      if (experiment) objects.put({ ...experiment, spec: { ...experiment.spec, terminate: true } }, 'terminate');
    },
    async deleteExperiment(namespace, name) {
      objects.delete('Experiment', namespace, name);
    },
    async scaleDeployment(namespace, name, replicas) {
      const object = objects.get('Deployment', namespace, name);
      if (!object) return false;
      objects.put({ ...object, spec: { ...object.spec, replicas } }, `replicas ${replicas}`);
      return true;
    },
    async releaseDestinationRule(namespace, name, rolloutName) {
      const rule = objects.get('DestinationRule', namespace, name);
      const released = rule && releasedDestinationRule(rule, rolloutName);
      if (released) objects.put(released, 'released');
    },
    async setRolloutAnnotations(rollout, annotations) {
      const current = objects.get('Rollout', rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? '');
      if (current)
        objects.put(
          {
            ...current,
            metadata: {
              ...current.metadata,
              annotations: applyMetadataChanges(current.metadata.annotations ?? {}, annotations),
            },
          },
          'annotations',
        );
    },
    async writeRolloutStatus(read: Rollout, status: RolloutStatus): Promise<StatusWrite> {
      if (options.statusWrite) return options.statusWrite;
      const current = objects.get('Rollout', read.metadata.namespace ?? 'default', read.metadata.name ?? '');
      if (!current) return 'gone';
      if (canonicalJson([current.spec, current.status ?? null]) !== canonicalJson([read.spec, read.status ?? null]))
        return 'conflict';
      if (canonicalJson(current.status ?? {}) === canonicalJson(status)) return 'written';
      objects.put({ ...current, status }, `status ${status.phase ?? ''}`);
      return 'written';
    },
  };
}

/** ReplicaSets whose pods are all ready and available the moment they are asked for. */
export class ReadyWorkloads implements Workloads {
  readonly replicaSets = new Map<string, ObservedReplicaSet>();
  #clock: () => number;
  readonly #log: string[];

  constructor(log: string[], clock: () => number) {
    this.#log = log;
    this.#clock = clock;
  }

  async createReplicaSet(spec: ReplicaSetSpec): Promise<void> {
    if (this.replicaSets.has(spec.name)) return;
    const { metadata, ...rest } = spec.template;
    const labels = { ...(metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    const template = { ...rest, metadata: { ...metadata, labels } };
    const replicas = spec.replicas;
    this.replicaSets.set(spec.name, {
      name: spec.name,
      podTemplateHash: spec.podTemplateHash,
      revision: spec.revision,
      template,
      replicas,
      currentReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      createdAt: spec.createdAt ?? this.#clock(),
      annotations: { ...spec.annotations },
    });
    this.#log.push(`ReplicaSet/${spec.name}: created (${replicas})`);
  }

  async scaleReplicaSet(name: string, replicas: number, annotations?: Record<string, string | null>): Promise<void> {
    const rs = this.replicaSets.get(name);
    if (!rs) return;
    this.replicaSets.set(name, {
      ...rs,
      replicas,
      currentReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      annotations: applyMetadataChanges(rs.annotations, annotations),
    });
    this.#log.push(`ReplicaSet/${name}: scaled (${replicas})`);
  }

  async updateReplicaSetMetadata(name: string, change: MetadataChange): Promise<void> {
    const rs = this.replicaSets.get(name);
    if (rs)
      this.replicaSets.set(name, { ...rs, annotations: applyMetadataChanges(rs.annotations, change.annotations) });
    this.#log.push(`ReplicaSet/${name}: metadata`);
  }

  async deleteReplicaSet(name: string): Promise<void> {
    this.replicaSets.delete(name);
    this.#log.push(`ReplicaSet/${name}: deleted`);
  }

  async deletePod(replicaSet: string, pod: string): Promise<void> {
    this.#log.push(`Pod/${replicaSet}/${pod}: deleted`);
  }

  async observe(): Promise<ObservedReplicaSet[]> {
    return [...this.replicaSets.values()].map((rs) => structuredClone(rs));
  }
}

/** A router that keeps what it is given; `canVerify` says whether it reports what it serves. */
export class MemoryRouter implements TrafficRouter {
  readonly type = 'memory';
  readonly canVerify: boolean;
  inPlace: DesiredTraffic | undefined;
  verifyCalls = 0;
  readonly #log: string[];

  constructor(log: string[], canVerify: boolean) {
    this.#log = log;
    this.canVerify = canVerify;
  }

  async apply(desired: DesiredTraffic): Promise<ApplyResult> {
    const changed = canonicalJson(desired) !== canonicalJson(this.inPlace ?? null);
    this.inPlace = structuredClone(desired);
    if (changed) this.#log.push(`traffic: canary ${desired.canaryWeight}`);
    return { changed, problems: [] };
  }

  async observe(): Promise<TrafficInPlace | undefined> {
    return undefined;
  }

  async verify(desired: DesiredTraffic): Promise<Verification> {
    this.verifyCalls++;
    if (!this.canVerify) return 'cannot-verify';
    return canonicalJson(desired) === canonicalJson(this.inPlace ?? null);
  }
}

/** All the ports over one MemoryObjects; `log` holds every write of every port, in order. */
export interface MemoryPorts extends RolloutPorts {
  objects: MemoryObjects;
  workloads: ReadyWorkloads;
  router: MemoryRouter;
  events: { record(rollout: Rollout, event: RolloutEvent, now: number): void; list: RolloutEvent[] };
  log: string[];
}

export function memoryPorts(
  options: { canVerify?: boolean; clock?: () => number; writer?: MemoryWriterOptions } = {},
): MemoryPorts {
  const objects = new MemoryObjects();
  const log = objects.writes;
  const list: RolloutEvent[] = [];
  return {
    objects,
    log,
    reader: memoryReader(objects),
    writer: memoryWriter(objects, options.writer),
    workloads: new ReadyWorkloads(log, options.clock ?? (() => 0)),
    router: new MemoryRouter(log, options.canVerify ?? false),
    events: { record: (_rollout, event) => list.push(event), list },
  };
}
