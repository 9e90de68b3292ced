// The local runtime's driver of the rollout loop: for each Rollout in the store, run the shared pass
// (src/runtime/rollouts: observe, plan, apply, write the status, record the events) through the
// store's ports, again at once while a pass changes something (at most MAX_PASSES times), then after
// the engine's requeueAfterMs or on a change made by someone else (store, pods). It decides nothing
// itself, and ignores exactly its own writes when the store announces them.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import { asStored, type Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { TrafficInPlace, TrafficRouter } from '../../../traffic/router.ts';
import { trafficRoutersFor } from '../../../traffic/routers.ts';
import { OwnWrites } from '../../rollouts/own-writes.ts';
import type { RolloutMemory, RolloutPorts } from '../../rollouts/ports.ts';
import { failedActionEvent } from '../../rollouts/informer-events.ts';
import { resolveTemplate } from '../../rollouts/observe.ts';
import { runRolloutPass } from '../../rollouts/rollout-pass.ts';
import type { PodEnvironment } from '../pods/pod-environment.ts';
import { istioObjectsOf } from '../store/istio-objects.ts';
import { routeObjectsOf } from '../store/route-objects.ts';
import type { ObjectRef } from '../store/object-key.ts';
import type { ObjectStore, StoreChange } from '../store/object-store.ts';
import { LocalWorkloads } from '../workloads/local-workloads.ts';
import { ownedAnalysisRuns, ownerOf } from './analysis-runs.ts';
import type { EventLog } from './event-log.ts';
import { identityOf, ownedReplicaSets, RecordedWorkloads } from './recorded-workloads.ts';
import { recordingStore, writeOf, type StoreAccess } from './recording-store.ts';
import { LOCAL_HINTS, storeReader, storeWriter } from './store-ports.ts';
import { WorkQueue } from './work-queue.ts';

/** A reconciliation applies the engine's decisions until one changes nothing, at most this many times. */
const MAX_PASSES = 12;
const RETRY_AFTER_ERROR_MS = 5_000;
/** Pod changes come in bursts (a probe, a start): they are gathered for this long. */
const POD_CHANGE_DELAY_MS = 20;

export interface ControllerOptions {
  store: ObjectStore;
  environment: PodEnvironment;
  events: EventLog;
  log?: (line: string) => void;
  /** Hears every event the rollout loop records (notifications). */
  notify?: (rollout: Rollout, event: RolloutEvent, now: number) => void;
}

interface RolloutState extends RolloutMemory {
  namespace: string;
  name: string;
  workloads: RecordedWorkloads;
  unsubscribe: () => void;
}

export function rolloutKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class RolloutController {
  readonly #store: ObjectStore;
  /** The store as this controller writes it: every write is recorded in #own. */
  readonly #writes: StoreAccess;
  readonly #own = new OwnWrites();
  readonly #environment: PodEnvironment;
  readonly #events: EventLog;
  readonly #notify: ControllerOptions['notify'];
  readonly #log: (line: string) => void;
  readonly #rollouts = new Map<string, RolloutState>();
  readonly #queue = new WorkQueue((key) => this.#reconcile(key));
  readonly #podListeners = new Set<(key: string) => void>();
  #unsubscribe: (() => void) | undefined;

  constructor(options: ControllerOptions) {
    this.#store = options.store;
    this.#writes = recordingStore(options.store, this.#own);
    this.#environment = options.environment;
    this.#events = options.events;
    this.#notify = options.notify;
    this.#log = options.log ?? (() => undefined);
  }

  /** Brings back the pods of every recorded ReplicaSet, then reconciles every rollout. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#store.subscribe((change) => this.#changed(change));
    for (const rollout of this.#store.list('Rollout')) {
      const state = this.#stateOf(asStored(rollout));
      await state.workloads.restore();
      this.#queue.enqueue(rolloutKey(state.namespace, state.name));
    }
  }

  /** Stops reconciling and stops every pod (the records stay for the next start). */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue.stop();
    await Promise.all(
      [...this.#rollouts.values()].map(async (state) => {
        state.unsubscribe();
        await state.workloads.local.shutdown();
      }),
    );
    this.#rollouts.clear();
  }

  workloadsOf(namespace: string, name: string): RecordedWorkloads | undefined {
    return this.#rollouts.get(rolloutKey(namespace, name))?.workloads;
  }

  routerFor(rollout: Rollout): TrafficRouter {
    const stores = { istio: istioObjectsOf(this.#writes), routeObjects: routeObjectsOf(this.#writes) };
    return trafficRoutersFor(rollout, stores, { storeIsServed: true });
  }

  /** The routes in place for a rollout, as its router reads them. */
  async trafficInPlace(rollout: Rollout): Promise<TrafficInPlace | undefined> {
    return this.routerFor(rollout).observe();
  }

  /** Called with `namespace/name` whenever a pod of that rollout changes (for watchers). */
  onPodChange(listener: (key: string) => void): () => void {
    this.#podListeners.add(listener);
    return () => this.#podListeners.delete(listener);
  }

  /** Asks for a reconciliation of one rollout now. */
  requeue(namespace: string, name: string): void {
    this.#queue.enqueue(rolloutKey(namespace, name));
  }

  #stateOf(rollout: Stored<Rollout>): RolloutState {
    const { namespace, name } = rollout.metadata;
    const key = rolloutKey(namespace, name);
    const existing = this.#rollouts.get(key);
    if (existing) return existing;
    const local = new LocalWorkloads(namespace, this.#environment);
    const state: RolloutState = {
      namespace,
      name,
      // A workloadRef rollout without a selector of its own takes its source's (as the loop observes it).
      workloads: new RecordedWorkloads(
        local,
        this.#writes,
        identityOf(resolveTemplate(rollout, storeReader(this.#store), LOCAL_HINTS).rollout, namespace),
      ),
      unsubscribe: local.onChange(() => {
        this.#queue.enqueue(key, POD_CHANGE_DELAY_MS);
        for (const listener of [...this.#podListeners]) listener(key);
      }),
      appliedTraffic: undefined,
    };
    this.#rollouts.set(key, state);
    return state;
  }

  /** The store announces a write before it returns: the writer has recorded it by the time a microtask runs. */
  #changed(change: StoreChange): void {
    queueMicrotask(() => {
      if (!this.#own.has(writeOf(change))) this.#changedByOthers(change);
    });
  }

  #changedByOthers(change: StoreChange): void {
    const { ref } = change;
    switch (ref.kind) {
      case 'Rollout':
        if (change.type === 'DELETED') void this.#removed(ref);
        else {
          this.#stateOf(asStored(change.object as Rollout));
          this.#queue.enqueue(rolloutKey(ref.namespace, ref.name));
        }
        return;
      case 'AnalysisRun':
      case 'ReplicaSet': {
        const owner = ownerOf(change.object);
        if (owner) this.#queue.enqueue(rolloutKey(ref.namespace, owner));
        return;
      }
      default:
        // Services, Istio objects, templates, Deployments: any rollout may refer to them. An Istio
        // object changed from outside (a re-apply) may no longer carry the weights: apply them again.
        for (const [key, state] of this.#rollouts) {
          if (ref.kind === 'VirtualService' || ref.kind === 'DestinationRule') state.appliedTraffic = undefined;
          this.#queue.enqueue(key);
        }
    }
  }

  /** A deleted Rollout takes its ReplicaSets (and their pods) and its AnalysisRuns with it. */
  async #removed(ref: ObjectRef): Promise<void> {
    const key = rolloutKey(ref.namespace, ref.name);
    this.#events.forget(key);
    await this.#queue.forget(key);
    const state = this.#rollouts.get(key);
    this.#rollouts.delete(key);
    if (state) {
      state.unsubscribe();
      void state.workloads.local.shutdown();
    }
    for (const rs of ownedReplicaSets(this.#store, ref.namespace, ref.name))
      this.#writes.delete({ kind: 'ReplicaSet', namespace: ref.namespace, name: rs.metadata.name ?? '' });
    for (const run of ownedAnalysisRuns(this.#store, ref.namespace, ref.name))
      this.#writes.delete({ kind: 'AnalysisRun', namespace: ref.namespace, name: run.metadata.name ?? '' });
    this.#log(`rollout ${key} deleted: its ReplicaSets and AnalysisRuns are removed`);
  }

  async #reconcile(key: string): Promise<void> {
    try {
      await this.#passes(key);
    } catch (error) {
      // Whatever goes wrong (a state directory that cannot be written, ...) is said and retried.
      this.#warn(key, `reconciliation failed: ${(error as Error).message}`, Date.now());
      this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
    }
  }

  async #passes(key: string): Promise<void> {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const state = this.#rollouts.get(key);
      if (!state) return;
      const rollout = storeReader(this.#store).get('Rollout', state.namespace, state.name);
      if (!rollout) return;
      const now = Date.now();
      const outcome = await runRolloutPass(rollout, {
        ports: this.#portsOf(state, rollout),
        memory: state,
        now,
        hints: LOCAL_HINTS,
        proceed: () => this.#rollouts.has(key),
      });
      switch (outcome.kind) {
        case 'observeFailed':
          this.#warn(key, `cannot reconcile: ${outcome.error.message}`, now);
          this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
          return;
        case 'actionFailed':
          this.#events.record(key, failedActionEvent(outcome.action, outcome.error), now);
          this.#log(`rollout ${key}: ${outcome.action.type} failed: ${outcome.error.message}`);
          this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
          return;
        case 'stopped':
        case 'gone':
          return;
        case 'returnedToStable':
        case 'conflict':
          continue;
        case 'done': {
          // As Argo, a pass may only record a change (a new pod template hash) for the next to act on.
          const { decision } = outcome.plan;
          if (decision.actions.length > 0 || outcome.statusChanged) continue;
          if (decision.requeueAfterMs !== undefined) this.#queue.enqueue(key, decision.requeueAfterMs);
          return;
        }
      }
    }
    this.#queue.enqueue(key, 1000);
  }

  #portsOf(state: RolloutState, rollout: Rollout): RolloutPorts {
    const key = rolloutKey(state.namespace, state.name);
    return {
      reader: storeReader(this.#store),
      writer: storeWriter(this.#writes),
      workloads: state.workloads,
      router: this.routerFor(rollout),
      events: {
        record: (read, event, now) => {
          this.#notify?.(read, event, now);
          this.#events.record(key, event, now);
        },
      },
    };
  }

  #warn(key: string, message: string, now: number): void {
    this.#events.record(key, { type: 'Warning', reason: 'ReconcileError', message }, now);
    this.#log(`rollout ${key}: ${message}`);
  }
}
