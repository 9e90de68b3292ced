// The rollout controller: informer events become rollout keys on a rate-limited work queue, and
// workers reconcile each key (reconcile.ts). A key is never reconciled by two workers at once.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../../api/types/analysis.ts';
import type { Deployment, ReplicaSet, Service } from '../../../api/types/core.ts';
import type { Experiment } from '../../../api/types/experiment.ts';
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import { ROUTE_KINDS, type RouteKind } from '../../../api/route-kinds.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { CONTROLLER_INSTANCE_ID_LABEL } from '../../../conventions/labels.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { Timers } from '../../../platform/kubernetes/client/timers.ts';
import type { EventHandlers } from '../../../platform/kubernetes/informers/informer.ts';
import { objectKey, splitKey, type ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import type { ControllerMetrics } from '../metrics/controller-metrics.ts';
import { InstrumentedWorkQueue } from '../metrics/workqueue-metrics.ts';
import { WorkQueue } from '../../../platform/kubernetes/queue/work-queue.ts';
import { runWorkers, type ProcessResult } from '../../../platform/kubernetes/queue/workers.ts';
import type { KubePod, RolloutCaches } from './caches.ts';
import type { EventRecorder } from './event-recorder.ts';
import type { IstioResources } from './istio-store.ts';
import { deletedEvent } from '../../rollouts/informer-events.ts';
import { OwnWrites } from '../../rollouts/own-writes.ts';
import { writeOfObject } from './cache-ports.ts';
import { reconcileRollout, type RolloutMemory } from './reconcile.ts';
import { rolloutKeysFor, type WatchedKind } from './related-rollouts.ts';
import { WrittenVersions } from './written-versions.ts';

/** What the controller needs of an informer: its cache and its events (an Informer, or a stand-in for a kind the cluster does not serve). */
export interface WatchedCache<T> {
  readonly store: ReadableStore<T>;
  addEventHandler(handlers: EventHandlers<T>): () => void;
}

export interface RolloutInformers {
  rollouts: WatchedCache<Stored<Rollout>>;
  replicaSets: WatchedCache<Stored<ReplicaSet>>;
  pods: WatchedCache<Stored<KubePod>>;
  services: WatchedCache<Stored<Service>>;
  deployments: WatchedCache<Stored<Deployment>>;
  analysisRuns: WatchedCache<Stored<AnalysisRun>>;
  experiments: WatchedCache<Stored<Experiment>>;
  analysisTemplates: WatchedCache<Stored<AnalysisTemplate>>;
  clusterAnalysisTemplates: WatchedCache<Stored<ClusterAnalysisTemplate>>;
  virtualServices: WatchedCache<Stored<VirtualService>>;
  destinationRules: WatchedCache<Stored<DestinationRule>>;
  /** The traffic routers' provider objects the cluster serves (HTTPRoutes, Ingresses, ...), one cache per kind. */
  routeObjects?: Array<{ kind: RouteKind; cache: WatchedCache<Stored<ObjectBase>> }>;
}

/** Concurrent reconciles by default: Argo's --rollout-threads. */
export const DEFAULT_ROLLOUT_WORKERS = 10;
/**
 * Workers beside those, for urgent passes only: a pause's end (any pass due at a set time) and an
 * AnalysisRun's end. Under load every routine worker may be waiting on the API server; these passes
 * then start at once instead of after one of them.
 */
export const URGENT_ROLLOUT_WORKERS = 4;

export interface RolloutControllerOptions {
  client: ObjectClient;
  informers: RolloutInformers;
  istio: IstioResources;
  events: EventRecorder;
  timers: Timers;
  /** Only rollouts with this `argo-rollouts.argoproj.io/controller-instance-id` label (none: only rollouts without it). */
  instanceId?: string;
  workers?: number;
  /** rollout_reconcile, rollout_reconcile_error and the "Rollouts" work queue metrics. */
  metrics?: ControllerMetrics;
  log: (line: string) => void;
}

/** How many of its own writes the controller remembers per rollout: those whose watch events may not have come yet. */
const OWN_WRITES_KEPT = 64;

export class RolloutController {
  readonly #options: RolloutControllerOptions;
  readonly #caches: RolloutCaches;
  readonly #queue: WorkQueue<string>;
  readonly #written: WrittenVersions;
  readonly #memory = new Map<string, RolloutMemory>();
  readonly #unsubscribe: Array<() => void> = [];
  #running: Promise<void> | undefined;

  constructor(options: RolloutControllerOptions) {
    this.#options = options;
    this.#written = new WrittenVersions((key, what) =>
      options.log(`rollout ${key}: the cache never showed this controller's write of ${what}; deciding anyway`),
    );
    const { informers } = options;
    this.#caches = {
      rollouts: informers.rollouts.store,
      replicaSets: informers.replicaSets.store,
      pods: informers.pods.store,
      services: informers.services.store,
      deployments: informers.deployments.store,
      analysisRuns: informers.analysisRuns.store,
      experiments: informers.experiments.store,
      analysisTemplates: informers.analysisTemplates.store,
      clusterAnalysisTemplates: informers.clusterAnalysisTemplates.store,
      virtualServices: informers.virtualServices.store,
      destinationRules: informers.destinationRules.store,
    };
    // A pass the engine asked for at a time (a pause that ends, a scale-down deadline) goes ahead of
    // routine ones once due (timerAfterMs); a look again after actions queues behind them.
    this.#queue = options.metrics
      ? new InstrumentedWorkQueue<string>({
          timers: options.timers,
          name: 'Rollouts',
          metrics: options.metrics.workQueues,
        })
      : new WorkQueue<string>({ timers: options.timers });
  }

  get caches(): RolloutCaches {
    return this.#caches;
  }

  /** How many rollouts the controller keeps memory for (RolloutMemory): those in its cache, no more. */
  get remembered(): number {
    return this.#memory.size;
  }

  /** Subscribes to the informers and starts the workers (the informers are started by their factory). */
  start(): void {
    const { informers } = this.#options;
    this.#unsubscribe.push(
      informers.rollouts.addEventHandler({
        // The cache's key: the queue and #memory then hold its string, not one of their own.
        onAdd: (rollout, key) => this.#enqueueRollout(rollout, key),
        onUpdate: (_previous, rollout) => this.#enqueueRollout(rollout),
        onDelete: (rollout) => {
          if (this.#handles(rollout))
            void this.#options.events.record(rollout, deletedEvent(rollout), this.#options.timers.now());
          this.#forget(objectKey(rollout));
        },
      }),
    );
    const watched: Array<[WatchedKind, WatchedCache<Stored<ObjectBase>>]> = [
      ['ReplicaSet', informers.replicaSets],
      ['Pod', informers.pods],
      ['Service', informers.services],
      ['Deployment', informers.deployments],
      ['AnalysisRun', informers.analysisRuns],
      ['Experiment', informers.experiments],
      ['AnalysisTemplate', informers.analysisTemplates],
      ['ClusterAnalysisTemplate', informers.clusterAnalysisTemplates],
      ['VirtualService', informers.virtualServices],
      ['DestinationRule', informers.destinationRules],
      ...(informers.routeObjects ?? []).map(({ kind, cache }): [WatchedKind, WatchedCache<Stored<ObjectBase>>] => [
        kind,
        cache,
      ]),
    ];
    for (const [kind, informer] of watched) {
      const changed = (object: Stored<ObjectBase>, urgent = false): void => this.#related(kind, object, urgent);
      this.#unsubscribe.push(
        informer.addEventHandler({
          onAdd: (object) => changed(object),
          onUpdate: (previous, object) =>
            changed(object, (kind === 'AnalysisRun' || kind === 'Experiment') && phaseChanged(previous, object)),
          onDelete: (object) => changed(object),
        }),
      );
    }
    this.#running = runWorkers(this.#queue, {
      workers: this.#options.workers ?? DEFAULT_ROLLOUT_WORKERS,
      urgentWorkers: URGENT_ROLLOUT_WORKERS,
      handle: (key) => this.#reconcile(key),
      onError: (key, error, requeues) => {
        const { namespace, name } = splitKey(key);
        this.#options.metrics?.countError('Rollout', namespace, name);
        this.#options.log(`rollout ${key}: reconcile failed (attempt ${requeues + 1}): ${(error as Error).message}`);
      },
    });
  }

  /** Stops taking keys; resolves once the reconciles in progress have finished. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#queue.shutDown();
    await this.#running;
  }

  /** Asks for a reconcile of one rollout now. */
  enqueue(key: string): void {
    this.#queue.add(key);
  }

  async #reconcile(key: string): Promise<ProcessResult> {
    // A key whose Rollout is gone (a requeue that comes after the deletion) has nothing to do, and
    // must not bring back the memory and the reconcile series that the deletion released.
    if (this.#caches.rollouts.get(key) === undefined) {
      this.#forget(key);
      return {};
    }
    const started = this.#options.timers.now();
    try {
      return await reconcileRollout(this.#deps(), key, this.#memoryOf(key));
    } finally {
      const { namespace, name } = splitKey(key);
      this.#options.metrics?.observeReconcile('Rollout', namespace, name, this.#options.timers.now() - started);
    }
  }

  #deps() {
    const { client, istio, events, timers, log } = this.#options;
    return { client, caches: this.#caches, istio, events, written: this.#written, now: () => timers.now(), log };
  }

  #handles(rollout: Rollout): boolean {
    const label = rollout.metadata.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
    return (this.#options.instanceId ?? undefined) === (label === '' ? undefined : label);
  }

  #enqueueRollout(rollout: Rollout, key: string = objectKey(rollout)): void {
    if (this.#handles(rollout)) this.#queue.add(key);
  }

  /** `urgent`: the change decides the rollout's course (an analysis run ended), so its reconcile goes ahead of routine ones. */
  #related(kind: WatchedKind, object: Stored<ObjectBase>, urgent: boolean): void {
    for (const key of rolloutKeysFor(kind, object, this.#caches)) {
      // A router's object changed (maybe re-applied by hand): its weights are put in place again.
      if (ROUTED_KINDS.has(kind)) {
        const memory = this.#memory.get(key);
        if (memory && !memory.own.has(writeOfObject(object, kind))) memory.appliedTraffic = undefined;
      }
      const rollout = this.#caches.rollouts.get(key);
      if (rollout && this.#handles(rollout)) {
        if (urgent) this.#queue.addFirst(key);
        else this.#queue.add(key);
      }
    }
  }

  #memoryOf(key: string): RolloutMemory {
    const uid = this.#caches.rollouts.get(key)?.metadata.uid ?? '';
    const existing = this.#memory.get(key);
    if (existing && existing.uid === uid) return existing;
    const memory: RolloutMemory = { uid, appliedTraffic: undefined, own: new OwnWrites(OWN_WRITES_KEPT) };
    this.#memory.set(key, memory);
    return memory;
  }

  #forget(key: string): void {
    const { namespace, name } = splitKey(key);
    this.#options.metrics?.forget('Rollout', namespace, name);
    this.#memory.delete(key);
    this.#written.forget(key);
  }
}

/** The kinds whose change by someone else makes the rollout put its traffic in place again. */
const ROUTED_KINDS: ReadonlySet<string> = new Set([
  'VirtualService',
  'DestinationRule',
  ...ROUTE_KINDS.map((info) => info.kind),
]);

function phaseChanged(previous: ObjectBase, current: ObjectBase): boolean {
  const phase = (object: ObjectBase & { status?: { phase?: string } }): unknown => object.status?.phase;
  return phase(previous) !== phase(current);
}
