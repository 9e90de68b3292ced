// The controller's driver of the rollout loop for one key: wait until the caches show this
// controller's last writes, run the shared pass (src/runtime/rollouts: observe from the caches, plan,
// apply, write the status, record the events) through the cluster's ports, and turn its outcome into
// the work queue's next step. It decides nothing itself: when the engine says an abort's return of
// traffic to stable may go alone, the pass carries out only that and the rest comes in the next pass.
import { deepFreeze } from '../../../api/deep-freeze.ts';
import { jsonEqual } from '../../../api/json-equal.ts';
import { formatPath } from '../../../api/manifests/field-path.ts';
import { parseTimestamp } from '../../../conventions/timestamps.ts';
import { templateAsArgoReadsIt } from '../../../api/template-as-argo-reads-it.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import type { TrafficRouter } from '../../../traffic/router.ts';
import { createNoTrafficRouter, trafficRoutersFor } from '../../../traffic/routers.ts';
import { describeAction } from '../../rollouts/describe-action.ts';
import type { OwnWrites } from '../../rollouts/own-writes.ts';
import type { RolloutMemory as LoopMemory } from '../../rollouts/ports.ts';
import { failedActionEvent } from '../../rollouts/informer-events.ts';
import { resolveTemplate } from '../../rollouts/observe.ts';
import { runRolloutPass } from '../../rollouts/rollout-pass.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import { ConflictError, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import { argoResources } from '../resources.ts';
import type { ProcessResult } from '../../../platform/kubernetes/queue/workers.ts';
import { cacheReader, cacheWriter, CLUSTER_HINTS, writeOfObject } from './cache-ports.ts';
import type { RolloutCaches } from './caches.ts';
import type { EventRecorder } from './event-recorder.ts';
import { applyTrafficWithRetry, kubeIstioStore, type IstioResources } from './istio-store.ts';
import { KubeWorkloads, PredecessorReplicaSetError, ReplicaSetCollisionError } from './kube-workloads.ts';
import { kubeRouteObjectStore } from './route-object-store.ts';
import { specProblemsOnce, type SpecCheckMemory } from './spec-validation.ts';
import type { WrittenVersions } from './written-versions.ts';

/** Between passes that carried out actions: soon, once the caches show the writes, behind the rollouts already waiting. */
const AFTER_ACTIONS_MS = 0;
/**
 * When a pass asks for exactly the actions the previous one carried out (a PodDisruptionBudget that
 * keeps refusing an eviction, a write that an admission webhook undoes), wait this long instead of
 * spinning.
 */
const REPEATED_ACTIONS_MS = 2_000;
/** While a deleted predecessor's ReplicaSet holds the name of the new one (PredecessorReplicaSetError). */
const PREDECESSOR_MS = 500;
/** While the caches have not caught up with this controller's own writes. */
const CACHE_BEHIND_MS = 50;

export interface ReconcileDeps {
  client: ObjectClient;
  caches: RolloutCaches;
  istio: IstioResources;
  events: EventRecorder;
  written: WrittenVersions;
  now: () => number;
  log: (line: string) => void;
}

/** What the controller keeps in memory per rollout: the traffic it last put in place and its own writes. */
export interface RolloutMemory extends LoopMemory, SpecCheckMemory {
  uid: string;
  /** The actions of the last pass that had any, to notice a pass that repeats them. */
  lastActions?: string;
  /** The objects this controller wrote for the rollout: an Istio object's event that is one of them is its own. */
  own: OwnWrites;
  /** What the rollout waits for (a predecessor's ReplicaSet), once said in the log. */
  waiting?: string | undefined;
  /** Where the template's malformed quantity is (asArgoReadsIt), once said in the log. */
  malformed?: string | undefined;
  /** The spec as the passes read it (specAsRead), and the cached spec it was read from. */
  specRead?: { from: Rollout['spec']; read: SpecRead };
}

/** The rollout's TrafficRouter on the cluster; its writes are recorded in `own`, and a conflicting write is planned again. */
export function routerFor(
  rollout: Rollout,
  deps: Pick<ReconcileDeps, 'client' | 'istio' | 'caches'>,
  own?: OwnWrites,
): TrafficRouter {
  // A replica-based canary (no trafficRouting) has none: no stores made for it in each of its passes.
  if (!rollout.spec.strategy?.canary?.trafficRouting) return createNoTrafficRouter();
  const { virtualServices, destinationRules } = deps.caches;
  const istio = kubeIstioStore(deps.client, deps.istio, { virtualServices, destinationRules });
  const routeObjects = kubeRouteObjectStore(deps.client);
  const router = trafficRoutersFor(rollout, { istio, routeObjects });
  if (router.type === 'none') return router;
  return {
    type: router.type,
    canVerify: router.canVerify,
    observe: () => router.observe(),
    verify: (desired) => router.verify(desired),
    async apply(desired) {
      try {
        return await applyTrafficWithRetry(router, desired);
      } finally {
        for (const object of [...istio.written.splice(0), ...routeObjects.written.splice(0)])
          own?.record(writeOfObject(object));
      }
    },
  };
}

export async function reconcileRollout(
  deps: ReconcileDeps,
  key: string,
  memory: RolloutMemory,
): Promise<ProcessResult> {
  const { caches, client, written } = deps;
  const stored = caches.rollouts.get(key);
  if (!stored || stored.metadata.deletionTimestamp !== undefined) return {};
  const now = deps.now();
  if (!written.seen(key, now)) return { requeueAfterMs: CACHE_BEHIND_MS };
  const rollout = asArgoReadsIt(stored, key, memory, deps.log);
  if (rollout.spec.replicas === undefined || rollout.spec.replicas === null) return defaultReplicas(deps, rollout, key);
  const { namespace, name, uid } = rollout.metadata;
  const workloads = new KubeWorkloads(
    { client, caches, written, now: deps.now },
    // A workloadRef rollout without a selector of its own takes its source's (as the loop observes it).
    {
      namespace,
      name,
      uid,
      selector: resolveTemplate(rollout, cacheReader(caches), CLUSTER_HINTS).rollout.spec.selector ?? {},
      minReadySeconds: rollout.spec.minReadySeconds ?? 0,
      key,
      ...createdAt(rollout),
    },
  );
  const ports = {
    reader: cacheReader(caches),
    writer: cacheWriter({ client, caches, written, own: memory.own, key, now: deps.now, istio: deps.istio }, rollout),
    workloads,
    router: routerFor(rollout, deps, memory.own),
    // Events never fail a reconcile (the recorder reports and drops what it cannot write). The pass
    // waits for its own Events before it writes the status they go with, but never behind other
    // rollouts' Events: then the recorder answers at once and writes them later (event-recorder.ts).
    events: {
      record: (about: Stored<Rollout>, event: RolloutEvent, at: number) => deps.events.record(about, event, at),
    },
  };
  const outcome = await runRolloutPass(rollout, {
    ports,
    memory,
    now,
    hints: CLUSTER_HINTS,
    specProblems: specProblemsOnce(memory),
    onPlan: ({ decision, alone }) => {
      if (alone) {
        deps.log(`rollout ${key}: ${describeAction(alone)} alone; the rest of the abort in the next pass`);
        return;
      }
      if (decision.actions.length > 0) deps.log(`rollout ${key}: ${decision.actions.map(describeAction).join(', ')}`);
      if (decision.status.phase !== rollout.status?.phase)
        deps.log(
          `rollout ${key}: phase ${rollout.status?.phase ?? '(none)'} -> ${decision.status.phase ?? '(none)'}${decision.status.message ? ` (${decision.status.message})` : ''}`,
        );
    },
  });

  if (outcome.kind !== 'actionFailed') delete memory.waiting;
  switch (outcome.kind) {
    case 'observeFailed':
      throw outcome.error;
    case 'actionFailed':
      if (outcome.error instanceof ReplicaSetCollisionError)
        return bumpCollisionCount(deps, rollout, key, outcome.error);
      if (outcome.error instanceof PredecessorReplicaSetError) {
        if (memory.waiting !== outcome.error.message) deps.log(`rollout ${key}: ${outcome.error.message}`);
        memory.waiting = outcome.error.message;
        return { requeueAfterMs: PREDECESSOR_MS };
      }
      void deps.events.record(rollout, failedActionEvent(outcome.action, outcome.error), now);
      throw outcome.error;
    case 'stopped':
    case 'gone':
      return {};
    // Under a burst of aborts every rollout's traffic goes back before any one's Services, ReplicaSets
    // and status: those are decided again in a routine pass, behind the urgent ones.
    case 'returnedToStable':
      return { requeueAfterMs: AFTER_ACTIONS_MS };
    // The status fields this pass sets changed meanwhile (another writer of the status): decide again from the new copy.
    case 'conflict':
      return { requeueAfterMs: CACHE_BEHIND_MS };
    case 'done':
      break;
  }
  const { decision } = outcome.plan;
  if (decision.actions.length > 0) {
    const actions = JSON.stringify(decision.actions);
    const repeated = memory.lastActions === actions;
    memory.lastActions = actions;
    // The engine's own timer (a pause's end) is kept too: the pass after the actions may come late when many rollouts queue.
    const timer = decision.requeueAfterMs === undefined ? {} : { timerAfterMs: decision.requeueAfterMs };
    return { requeueAfterMs: repeated ? REPEATED_ACTIONS_MS : AFTER_ACTIONS_MS, ...timer };
  }
  delete memory.lastActions;
  return decision.requeueAfterMs === undefined ? {} : { timerAfterMs: decision.requeueAfterMs };
}

function createdAt(rollout: Rollout): { createdAt?: number } {
  const at = parseTimestamp(rollout.metadata.creationTimestamp);
  return at === undefined ? {} : { createdAt: at };
}

/** The spec of a cached Rollout as the passes read it: frozen, with its template as Argo reads it. */
export interface SpecRead {
  spec: Rollout['spec'];
  /** Where the template's malformed quantity is, as a field path; none when the template is well formed. */
  stoppedAt?: string;
}

/**
 * The spec as read, made again only when the cached spec differs from the one it was read from. An
 * informer replaces a cached object on every change and never changes one in place, so a pass over
 * the same cached Rollout (a resync, a ReplicaSet's event) reads nothing, and one after a status
 * write (a new object, the same spec) compares the two specs instead of reading and copying the
 * spec again; the pod template's hash (podTemplateHash remembers it for a frozen template) is then
 * made once per change of the spec.
 */
function specAsRead(stored: Rollout['spec'], memory: RolloutMemory): SpecRead {
  const last = memory.specRead;
  if (last && (last.from === stored || jsonEqual(last.from, stored))) {
    last.from = stored;
    return last.read;
  }
  const template = stored.template ? templateAsArgoReadsIt(stored.template) : undefined;
  const spec = template?.stoppedAt ? { ...stored, template: template.template } : stored;
  const read: SpecRead = {
    // A copy, frozen: what every later pass reads is what this one read, whatever a reader tries.
    spec: deepFreeze(structuredClone(spec)),
    ...(template?.stoppedAt ? { stoppedAt: `spec.template.${formatPath(template.stoppedAt)}` } : {}),
  };
  memory.specRead = { from: stored, read };
  return read;
}

/**
 * The Rollout with its spec frozen (specAsRead) and its pod template read as Argo's controller reads
 * it: a template holding a malformed resource quantity, which the CRD stores as written, is read up
 * to that quantity (src/api/template-as-argo-reads-it.ts) and deployed so, as Argo does, instead of
 * held with InvalidSpec. Said in the log once per change, as Argo logs "malformed object".
 */
function asArgoReadsIt<R extends Rollout>(
  rollout: R,
  key: string,
  memory: RolloutMemory,
  log: (line: string) => void,
): R {
  const { spec, stoppedAt } = specAsRead(rollout.spec, memory);
  if (stoppedAt !== memory.malformed) {
    if (stoppedAt)
      log(
        `rollout ${key}: malformed object: ${stoppedAt} is not a quantity; the template is read up to it and deployed without it and the fields after it, as Argo Rollouts reads it`,
      );
    memory.malformed = stoppedAt;
  }
  return { ...rollout, spec };
}

/**
 * As Argo's controller (for the HorizontalPodAutoscaler, which needs the field): a Rollout without
 * spec.replicas gets `replicas: 1` by an update of the whole object as read, so a template read up
 * to a malformed quantity is written back so too; the next pass decides from the updated Rollout.
 */
async function defaultReplicas(deps: ReconcileDeps, rollout: Stored<Rollout>, key: string): Promise<ProcessResult> {
  deps.log(`rollout ${key}: spec.replicas is not set: defaulting it to 1`);
  const { status: _status, ...object } = rollout;
  try {
    const updated = await deps.client.update(argoResources.rollouts, {
      ...object,
      spec: { ...rollout.spec, replicas: 1 },
    });
    deps.written.wrote(key, deps.caches.rollouts, updated, deps.now());
  } catch (error) {
    if (error instanceof NotFoundError) return {};
    if (error instanceof ConflictError) return { requeueAfterMs: CACHE_BEHIND_MS };
    throw error;
  }
  return { requeueAfterMs: AFTER_ACTIONS_MS };
}

/**
 * A ReplicaSet named as the new one exists with another owner: as Argo, count the collision in
 * status.collisionCount, which changes the pod-template hash (and so the name) on the next pass.
 */
async function bumpCollisionCount(
  deps: ReconcileDeps,
  rollout: Stored<Rollout>,
  key: string,
  error: Error,
): Promise<ProcessResult> {
  const { namespace, name } = rollout.metadata;
  const collisionCount = (rollout.status?.collisionCount ?? 0) + 1;
  deps.log(`rollout ${key}: ${error.message}; collisionCount is now ${collisionCount}`);
  const updated = await deps.client.patchStatus(argoResources.rollouts, namespace, name, {
    metadata: { resourceVersion: rollout.metadata.resourceVersion },
    status: { collisionCount },
  });
  deps.written.wrote(key, deps.caches.rollouts, updated, deps.now());
  return { requeueAfterMs: AFTER_ACTIONS_MS };
}
