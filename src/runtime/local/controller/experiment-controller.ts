// The local runtime's Experiment controller: every Experiment in the store runs through the shared
// Experiment loop (experimentPass), its templates as local ReplicaSets of real pods (one
// LocalWorkloads per experiment, sharing the runtime's pod environment, so the mesh serves them),
// its Services and AnalysisRuns as stored objects (the AnalysisDriver runs the runs). A change to
// the Experiment, to a pod of its templates or to one of its runs reconciles it again. Its events
// are kept per experiment; those about its Rollout (its runs' phases) go to the rollout's events.
// Its ReplicaSets are recorded in the store, as the rollouts' are, so a restart of the runtime
// brings their pods back (adopting the ones still running) instead of starting the template anew.
import type { ReplicaSet } from '../../../api/types/core.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import type { Experiment } from '../../../api/types/experiment.ts';
import { jsonEqual } from '../../../api/json-equal.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../conventions/labels.ts';
import { formatTimestamp, parseTimestamp } from '../../../conventions/timestamps.ts';
import { applyMetadataChanges } from '../../../engine/metadata-changes.ts';
import type { ReplicaSetSpec } from '../../workloads.ts';
import type { ObservedReplicaSet } from '../../../engine/types.ts';
import { experimentOwner } from '../../../engine/experiment.ts';
import { asStored, type Stored } from '../../../platform/kubernetes/client/objects.ts';
import { describeExperimentAction, experimentPass } from '../../experiments/experiment-pass.ts';
import type { ExperimentPorts } from '../../experiments/ports.ts';
import type { PodEnvironment } from '../pods/pod-environment.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import type { ObjectStore, StoreChange } from '../store/object-store.ts';
import { LocalWorkloads } from '../workloads/local-workloads.ts';
import { controllerOwner } from './controller-owner.ts';
import { WorkQueue } from './work-queue.ts';
import { EventLog, type LoggedEvent } from './event-log.ts';
import { rolloutKey } from './rollout-controller.ts';

const RETRY_AFTER_ERROR_MS = 5_000;
/** Pod changes come in bursts: gathered for this long. */
const POD_CHANGE_DELAY_MS = 20;

export interface LocalExperimentOptions {
  store: ObjectStore;
  environment: PodEnvironment;
  log?: (line: string) => void;
  /** The rollouts' events: an experiment's AnalysisRun events are copied there for its Rollout. */
  rolloutEvents?: EventLog;
  /** The experiments' own events (default: kept in memory only). */
  events?: EventLog;
  /** Hears those copies with the Rollout, as the rollout loop's own events (notifications). */
  notify?: (rollout: Rollout, event: RolloutEvent, now: number) => void;
}

interface ExperimentState {
  workloads: LocalWorkloads;
  unsubscribe: () => void;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

export class LocalExperimentController {
  readonly #store: ObjectStore;
  readonly #environment: PodEnvironment;
  readonly #log: (line: string) => void;
  readonly #experiments = new Map<string, ExperimentState>();
  readonly #events: EventLog;
  readonly #rolloutEvents: EventLog | undefined;
  readonly #notify: LocalExperimentOptions['notify'];
  readonly #queue = new WorkQueue((key) => this.#reconcile(key));
  readonly #podListeners = new Set<(key: string) => void>();
  #unsubscribe: (() => void) | undefined;

  constructor(options: LocalExperimentOptions) {
    this.#store = options.store;
    this.#environment = options.environment;
    this.#log = options.log ?? (() => undefined);
    this.#rolloutEvents = options.rolloutEvents;
    this.#events = options.events ?? new EventLog();
    this.#notify = options.notify;
  }

  /** The events of an experiment, oldest first (as `kubectl describe experiment` lists them). */
  eventsOf(namespace: string, name: string): LoggedEvent[] {
    return this.#events.list(keyOf(namespace, name));
  }

  /** Starts reconciling; the ReplicaSets recorded by an earlier runtime get their pods back first. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#store.subscribe((change) => this.#changed(change));
    for (const experiment of this.#store.list('Experiment')) {
      const namespace = experiment.metadata.namespace ?? 'default';
      const name = experiment.metadata.name ?? '';
      const state = this.#stateOf(keyOf(namespace, name), namespace);
      for (const record of this.#store.list('ReplicaSet', namespace))
        if (controllerOwner(record, 'Experiment') === name) await state.workloads.createReplicaSet(specOf(record));
      this.#queue.enqueue(keyOf(namespace, name));
    }
  }

  /** Stops reconciling and every pod of the experiments. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue.stop();
    await Promise.all([...this.#experiments.values()].map((state) => this.#shutdown(state)));
    this.#experiments.clear();
  }

  /** Called with `namespace/name` whenever a pod of that experiment changes (scrape targets, watchers). */
  onPodChange(listener: (key: string) => void): () => void {
    this.#podListeners.add(listener);
    return () => this.#podListeners.delete(listener);
  }

  /** The pods of every experiment, stopping ones included. */
  allPodStatuses(): PodStatus[] {
    return [...this.#experiments.values()].flatMap((state) => state.workloads.allPodStatuses());
  }

  /** The local ReplicaSets of an experiment (tests, the API). */
  workloadsOf(namespace: string, name: string): LocalWorkloads | undefined {
    return this.#experiments.get(keyOf(namespace, name))?.workloads;
  }

  #changed(change: StoreChange): void {
    const { ref } = change;
    if (ref.kind === 'Experiment') {
      const key = keyOf(ref.namespace, ref.name);
      if (change.type === 'DELETED') void this.#removed(key);
      else this.#queue.enqueue(key);
      return;
    }
    if (ref.kind === 'AnalysisRun' || ref.kind === 'Service') {
      const owner = controllerOwner(change.object, 'Experiment');
      if (owner) this.#queue.enqueue(keyOf(ref.namespace, owner));
    }
  }

  async #removed(key: string): Promise<void> {
    await this.#queue.forget(key);
    const state = this.#experiments.get(key);
    this.#experiments.delete(key);
    this.#events.forget(key);
    if (state) await this.#shutdown(state);
    const [namespace = '', name = ''] = key.split('/');
    for (const kind of ['AnalysisRun', 'Service', 'ReplicaSet'] as const) {
      for (const object of this.#store.list(kind, namespace))
        if (controllerOwner(object, 'Experiment') === name)
          this.#store.delete({ kind, namespace, name: object.metadata.name ?? '' });
    }
    this.#log(`experiment ${key} deleted: its pods, Services and AnalysisRuns are removed`);
  }

  async #shutdown(state: ExperimentState): Promise<void> {
    state.unsubscribe();
    await state.workloads.shutdown();
  }

  #stateOf(key: string, namespace: string): ExperimentState {
    const existing = this.#experiments.get(key);
    if (existing) return existing;
    const workloads = new LocalWorkloads(namespace, this.#environment);
    const state = {
      workloads,
      unsubscribe: workloads.onChange(() => {
        this.#queue.enqueue(key, POD_CHANGE_DELAY_MS);
        for (const listener of [...this.#podListeners]) listener(key);
      }),
    };
    this.#experiments.set(key, state);
    return state;
  }

  async #reconcile(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const found = this.#store.get('Experiment', namespace, name);
    if (!found) return;
    const experiment = asStored(found);
    const state = this.#stateOf(key, namespace);
    const replicaSets = (await state.workloads.observe()).map((rs) => storedReplicaSet(rs, experiment));
    try {
      const outcome = await experimentPass(experiment, this.#ports(experiment, state, replicaSets), Date.now());
      switch (outcome.kind) {
        case 'actionFailed':
          this.#log(`experiment ${key}: ${describeExperimentAction(outcome.action)}: ${outcome.error.message}`);
          this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
          return;
        case 'conflict':
          this.#queue.enqueue(key);
          return;
        case 'gone':
          return;
        case 'done':
          if (outcome.phase !== (experiment.status?.phase ?? ''))
            this.#log(`experiment ${key}: phase ${experiment.status?.phase || '(none)'} -> ${outcome.phase}`);
          // What a pass did to the local ReplicaSets is seen by the next pass at once.
          if (outcome.changed) this.#queue.enqueue(key);
          else if (outcome.requeueAfterMs !== undefined) this.#queue.enqueue(key, outcome.requeueAfterMs);
      }
    } catch (error) {
      this.#log(`experiment ${key}: ${(error as Error).message}`);
      this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
    }
  }

  #ports(
    experiment: Stored<Experiment>,
    state: ExperimentState,
    replicaSets: Array<Stored<ReplicaSet>>,
  ): ExperimentPorts {
    const store = this.#store;
    const namespace = experiment.metadata.namespace;
    const owned = <K extends 'Service' | 'AnalysisRun'>(kind: K) =>
      store
        .list(kind, namespace)
        .filter((object) => controllerOwner(object, 'Experiment') === experiment.metadata.name)
        .map((object) => asStored(object));
    const local = state.workloads;
    return {
      reader: {
        replicaSetsOf: () => replicaSets,
        servicesOf: () => owned('Service'),
        analysisRunsOf: () => owned('AnalysisRun'),
        template: (templateNamespace, templateName, clusterScope) =>
          clusterScope
            ? store.get('ClusterAnalysisTemplate', '', templateName)
            : store.get('AnalysisTemplate', templateNamespace, templateName),
      },
      writer: {
        async createReplicaSet(rs) {
          const rsName = rs.metadata.name ?? '';
          // Recorded first (as the API server holds it), so a restart finds it; the pods take its age.
          if (!store.get('ReplicaSet', namespace, rsName))
            store.put({ ...rs, metadata: { ...rs.metadata, namespace } });
          await local.createReplicaSet(specOf(store.get('ReplicaSet', namespace, rsName) ?? rs));
        },
        async createService(service) {
          if (!store.get('Service', namespace, service.metadata.name ?? '')) store.put(service);
        },
        async createAnalysisRun(run) {
          const runName = run.metadata.name ?? '';
          if (store.get('AnalysisRun', namespace, runName)) return;
          const { status, ...withoutStatus } = run;
          store.put(withoutStatus);
          if (status) store.writeStatus({ kind: 'AnalysisRun', namespace, name: runName }, status);
        },
        async scaleReplicaSet(_namespace, rsName, replicas) {
          await local.scaleReplicaSet(rsName, replicas);
          store.update('ReplicaSet', namespace, rsName, (rs) => {
            rs.spec.replicas = replicas;
          });
        },
        async annotateReplicaSet(_namespace, rsName, annotations) {
          await local.updateReplicaSetMetadata(rsName, { annotations });
          store.update('ReplicaSet', namespace, rsName, (rs) => {
            rs.metadata.annotations = applyMetadataChanges(rs.metadata.annotations ?? {}, annotations);
          });
        },
        async deleteService(_namespace, serviceName) {
          store.delete({ kind: 'Service', namespace, name: serviceName });
        },
        async terminateAnalysisRun(_namespace, runName) {
          store.update('AnalysisRun', namespace, runName, (run) => {
            run.spec.terminate = true;
          });
        },
        async writeStatus(read, status) {
          const current = store.get('Experiment', namespace, read.metadata.name);
          if (!current) return 'gone';
          if (!jsonEqual([current.spec, current.status ?? null], [read.spec, read.status ?? null])) return 'conflict';
          store.writeStatus({ kind: 'Experiment', namespace, name: read.metadata.name }, status);
          return 'written';
        },
      },
      events: {
        record: (object, event, now) => {
          const { type, reason, message } = event;
          const where = keyOf(object.metadata.namespace, object.metadata.name);
          if (object.kind !== 'Rollout') {
            this.#events.record(where, { type, reason, message }, now);
            return;
          }
          const rollout = store.get('Rollout', object.metadata.namespace, object.metadata.name);
          if (!rollout) return;
          this.#rolloutEvents?.record(
            rolloutKey(object.metadata.namespace, object.metadata.name),
            { type, reason, message },
            now,
          );
          this.#notify?.(rollout, { type, reason, message }, now);
        },
      },
    };
  }
}

/** What the local pods of a recorded ReplicaSet are made from (its age is the record's). */
function specOf(record: ReplicaSet): ReplicaSetSpec {
  const createdAt = parseTimestamp(record.metadata.creationTimestamp);
  return {
    name: record.metadata.name ?? '',
    podTemplateHash: record.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    revision: 0,
    replicas: record.spec.replicas ?? 0,
    template: record.spec.template,
    annotations: { ...record.metadata.annotations },
    ...(record.spec.minReadySeconds !== undefined ? { minReadySeconds: record.spec.minReadySeconds } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
  };
}

/** A local ReplicaSet as the Experiment loop reads one: labels with its hash, its annotations, its counts. */
export function storedReplicaSet(rs: ObservedReplicaSet, experiment: Stored<Experiment>): Stored<ReplicaSet> {
  const labels = { ...rs.template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: rs.podTemplateHash };
  const object: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rs.name,
      namespace: experiment.metadata.namespace,
      uid: `local-${rs.name}`,
      resourceVersion: '0',
      ...(rs.createdAt > 0 ? { creationTimestamp: formatTimestamp(rs.createdAt) } : {}),
      labels,
      annotations: { ...rs.annotations },
      ownerReferences: [experimentOwner(experiment)],
    },
    spec: { replicas: rs.replicas, selector: { matchLabels: labels }, template: rs.template },
    status: { replicas: rs.currentReplicas, readyReplicas: rs.readyReplicas, availableReplicas: rs.availableReplicas },
  };
  return asStored(object);
}
