// One reconcile of one rollout: observe from the caches, decide, carry out the actions in the
// engine's order, write the status through the status subresource (a merge patch carrying the
// resourceVersion read, so a concurrent change to the Rollout makes it decide again), record the
// engine's events. It decides nothing itself: when the engine says an abort's return of traffic to
// stable may go alone (returnToStableAlone), only that is carried out and the pass ends there.
import type { Rollout } from '../../../api/types/rollout.ts';
import { decideAhead } from '../../../engine/look-ahead.ts';
import { returnToStableAlone } from '../../../engine/return-to-stable.ts';
import type { Action, DesiredTraffic } from '../../../engine/types.ts';
import type { TrafficRouter } from '../../../traffic/router.ts';
import { createIstioTrafficRouter } from '../../../traffic/routers/istio/istio-router.ts';
import { createNoTrafficRouter } from '../../../traffic/routers/none.ts';
import type { KubeClient } from '../client/client.ts';
import { ConflictError, NotFoundError } from '../client/errors.ts';
import type { KubeObject } from '../client/objects.ts';
import { argoResources } from '../client/resources.ts';
import type { ReadableStore } from '../informers/object-store.ts';
import type { ProcessResult } from '../queue/workers.ts';
import { applyAction } from './apply-action.ts';
import type { RolloutCaches } from './caches.ts';
import type { EventRecorder } from './event-recorder.ts';
import { kubeIstioStore, type IstioResources } from './istio-store.ts';
import { KubeWorkloads, ReplicaSetCollisionError } from './kube-workloads.ts';
import { mergePatchBetween } from './merge-patch.ts';
import { observeRollout } from './observe.ts';
import type { WrittenVersions } from './written-versions.ts';

/** Between passes that carried out actions: soon, once the caches show the writes. */
const AFTER_ACTIONS_MS = 0;
/**
 * When a pass asks for exactly the actions the previous one carried out (a PodDisruptionBudget that
 * keeps refusing an eviction, a write that an admission webhook undoes), wait this long instead of
 * spinning.
 */
const REPEATED_ACTIONS_MS = 2_000;
/** While the caches have not caught up with this controller's own writes. */
const CACHE_BEHIND_MS = 50;

export interface ReconcileDeps {
  client: KubeClient;
  caches: RolloutCaches;
  istio: IstioResources;
  events: EventRecorder;
  written: WrittenVersions;
  now: () => number;
  log: (line: string) => void;
}

/** What the controller keeps in memory per rollout: only the traffic it last put in place. */
export interface RolloutMemory {
  uid: string;
  appliedTraffic: DesiredTraffic | undefined;
  /** The actions of the last pass that had any, to notice a pass that repeats them. */
  lastActions?: string;
  /** `kind/namespace/name@resourceVersion` of the Istio objects this controller wrote: their events are its own. */
  istioWrites: Set<string>;
}

export function istioWriteKey(object: KubeObject): string {
  return `${object.kind ?? ''}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}@${object.metadata.resourceVersion ?? ''}`;
}

/** How many of its own Istio writes a rollout remembers. */
const ISTIO_WRITES_KEPT = 20;

export function routerFor(rollout: Rollout, deps: Pick<ReconcileDeps, 'client' | 'istio' | 'caches'>): { router: TrafficRouter; written: KubeObject[] } {
  if (!rollout.spec.strategy?.canary?.trafficRouting?.istio) return { router: createNoTrafficRouter(), written: [] };
  const { virtualServices, destinationRules } = deps.caches;
  const store = kubeIstioStore(deps.client, deps.istio, {
    virtualServices: virtualServices as unknown as ReadableStore<KubeObject>,
    destinationRules: destinationRules as unknown as ReadableStore<KubeObject>,
  });
  return { router: createIstioTrafficRouter(rollout, store), written: store.written };
}

export async function reconcileRollout(deps: ReconcileDeps, key: string, memory: RolloutMemory): Promise<ProcessResult> {
  const { caches, client, written } = deps;
  const rollout = caches.rollouts.get(key);
  if (!rollout || rollout.metadata.deletionTimestamp !== undefined) return {};
  const now = deps.now();
  if (!written.seen(key, now)) return { requeueAfterMs: CACHE_BEHIND_MS };
  const namespace = rollout.metadata.namespace ?? 'default';
  const name = rollout.metadata.name ?? '';
  let resourceVersion = rollout.metadata.resourceVersion;
  const record = (store: ReadableStore<KubeObject>, object: KubeObject): void => written.wrote(key, store, object, deps.now());
  const workloads = new KubeWorkloads(
    { client, caches, written, now: deps.now },
    { namespace, name, uid: rollout.metadata.uid ?? '', selector: rollout.spec.selector ?? {}, minReadySeconds: rollout.spec.minReadySeconds ?? 0, key },
  );
  const { router, written: istioWritten } = routerFor(rollout, deps);
  const observed = await observeRollout({ rollout, caches, workloads, appliedTraffic: memory.appliedTraffic });
  // The caches show this pass's writes only after their watch events: passes the engine can foresee are decided now.
  const decision = decideAhead(observed, now);
  const alone = returnToStableAlone(observed, decision, now);
  if (alone) {
    deps.log(`rollout ${key}: ${describeAction(alone)} alone; the rest of the abort in the next pass`);
  } else {
    if (decision.actions.length > 0) deps.log(`rollout ${key}: ${decision.actions.map(describeAction).join(', ')}`);
    if (decision.status.phase !== rollout.status?.phase) deps.log(`rollout ${key}: phase ${rollout.status?.phase ?? '(none)'} -> ${decision.status.phase ?? '(none)'}${decision.status.message ? ` (${decision.status.message})` : ''}`);
  }

  for (const action of alone ? [alone] : decision.actions) {
    try {
      await applyAction(action, {
        client,
        caches,
        rollout,
        workloads,
        router,
        now,
        wrote: (kind, object) => {
          if (kind === 'Rollout') resourceVersion = object.metadata.resourceVersion;
          record(storeOf(caches, kind), object);
        },
        deleted: (kind, objectName) => written.deleted(key, storeOf(caches, kind), namespace, objectName, deps.now()),
        trafficApplied: (traffic) => {
          memory.appliedTraffic = traffic;
          for (const object of istioWritten.splice(0)) memory.istioWrites.add(istioWriteKey(object));
          while (memory.istioWrites.size > ISTIO_WRITES_KEPT) memory.istioWrites.delete(memory.istioWrites.values().next().value ?? '');
        },
      });
    } catch (error) {
      if (error instanceof ReplicaSetCollisionError) return bumpCollisionCount(deps, rollout, key, error);
      void deps.events.record(rollout as unknown as KubeObject, { type: 'Warning', reason: 'ReconcileError', message: `${action.type} failed: ${(error as Error).message}` }, now);
      throw error;
    }
  }

  // Under a burst of aborts every rollout's traffic goes back before any one's Services, ReplicaSets
  // and status: those are decided again in a routine pass, behind the urgent ones.
  if (alone) return { requeueAfterMs: AFTER_ACTIONS_MS };

  const patch = mergePatchBetween(rollout.status ?? {}, decision.status);
  if (patch !== undefined) {
    try {
      const updated = await client.patchStatus<KubeObject>(argoResources.rollouts, namespace, name, { metadata: { resourceVersion }, status: patch });
      record(storeOf(caches, 'Rollout'), updated);
    } catch (error) {
      // The Rollout changed meanwhile (a promote, an abort, a new spec): decide again from the new copy.
      if (error instanceof ConflictError) return { requeueAfterMs: CACHE_BEHIND_MS };
      if (error instanceof NotFoundError) return {};
      throw error;
    }
  }
  // Events never fail a reconcile (the recorder reports and drops what it cannot write): the worker does not wait for them.
  for (const event of decision.events) void deps.events.record(rollout as unknown as KubeObject, event, now);
  if (decision.actions.length > 0) {
    const actions = JSON.stringify(decision.actions);
    const repeated = memory.lastActions === actions;
    memory.lastActions = actions;
    // The engine's own timer (a pause's end) is kept too: the pass after the actions may come late when many rollouts queue.
    const timer = decision.requeueAfterMs === undefined ? {} : { alsoAfterMs: decision.requeueAfterMs };
    return { requeueAfterMs: repeated ? REPEATED_ACTIONS_MS : AFTER_ACTIONS_MS, ...timer };
  }
  delete memory.lastActions;
  return decision.requeueAfterMs === undefined ? {} : { requeueAfterMs: decision.requeueAfterMs };
}

function describeAction(action: Action): string {
  switch (action.type) {
    case 'createReplicaSet':
    case 'scaleReplicaSet':
      return `${action.type} ${action.name} (${action.replicas})`;
    case 'setServiceSelector':
      return `${action.type} ${action.service}=${action.podTemplateHash}`;
    case 'setTraffic':
      return `${action.type} canary ${action.traffic.canaryWeight}`;
    case 'deletePod':
    case 'updateReplicaSetMetadata':
    case 'deleteReplicaSet':
    case 'createAnalysisRun':
    case 'terminateAnalysisRun':
    case 'deleteAnalysisRun':
      return `${action.type} ${action.name}`;
    case 'setRolloutAnnotations':
      return action.type;
  }
}

/**
 * A ReplicaSet named as the new one exists with another owner: as Argo, count the collision in
 * status.collisionCount, which changes the pod-template hash (and so the name) on the next pass.
 */
async function bumpCollisionCount(deps: ReconcileDeps, rollout: Rollout, key: string, error: Error): Promise<ProcessResult> {
  const namespace = rollout.metadata.namespace ?? 'default';
  const collisionCount = (rollout.status?.collisionCount ?? 0) + 1;
  deps.log(`rollout ${key}: ${error.message}; collisionCount is now ${collisionCount}`);
  const updated = await deps.client.patchStatus<KubeObject>(argoResources.rollouts, namespace, rollout.metadata.name ?? '', {
    metadata: { resourceVersion: rollout.metadata.resourceVersion },
    status: { collisionCount },
  });
  deps.written.wrote(key, storeOf(deps.caches, 'Rollout'), updated, deps.now());
  return { requeueAfterMs: AFTER_ACTIONS_MS };
}

function storeOf(caches: RolloutCaches, kind: 'Rollout' | 'Service' | 'AnalysisRun'): ReadableStore<KubeObject> {
  const store = kind === 'Rollout' ? caches.rollouts : kind === 'Service' ? caches.services : caches.analysisRuns;
  return store as unknown as ReadableStore<KubeObject>;
}
