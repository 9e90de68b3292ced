// What the routers over a RouteObjectStore (SMI, Traefik, Ambassador, APISIX, App Mesh, OpenShift)
// share: a pure plan of object writes, and the staged router (src/traffic/staged.ts) that reads,
// plans and writes it through the store, so each of them can change traffic together with other
// routers all or nothing. A write that loses a race (the object changed since it was read) throws,
// and the runtime plans again: a user's re-apply is never written over.
import type { DesiredTraffic, TrafficProblem } from '../desired.ts';
import type { RouteObject, RouteObjectRef, RouteObjectStore } from '../route-objects.ts';
import { refOf } from '../route-objects.ts';
import type { TrafficInPlace, Verification } from '../router.ts';
import {
  applyStaged,
  stageObjectWrites,
  type ObjectWrite as StagedWrite,
  type StagedTrafficRouter,
} from '../staged.ts';
import type { ServiceRoles } from '../../api/ping-pong.ts';
import type { Rollout } from '../../api/types/rollout.ts';

export type ObjectWrite =
  /**
   * `alternatives`: the same object in other API versions, tried in order while the store refuses
   * (the cluster may serve only some of a provider's versions).
   */
  | { action: 'create'; object: RouteObject; alternatives?: RouteObject[] }
  | { action: 'update'; object: RouteObject }
  | { action: 'delete'; object: RouteObject };

export interface ObjectPlan {
  /** In the order they must happen; empty when everything is in place. */
  writes: ObjectWrite[];
  /** Non-empty: nothing may be written. */
  problems: TrafficProblem[];
}

export interface PlannedRouterParts<Objects> {
  type: string;
  read(store: RouteObjectStore): Promise<Objects>;
  plan(desired: DesiredTraffic, objects: Objects): ObjectPlan;
  observe(objects: Objects): TrafficInPlace;
}

function keyOf(ref: RouteObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** `store`, remembering every object read through it (the `before` of each staged write). */
function remembering(store: RouteObjectStore): { store: RouteObjectStore; read: Map<string, RouteObject> } {
  const read = new Map<string, RouteObject>();
  return {
    read,
    store: {
      ...store,
      get: async (ref) => {
        const found = await store.get(ref);
        if (found) read.set(keyOf(ref), structuredClone(found));
        return found;
      },
      create: (object) => store.create(object),
      update: (object) => store.update(object),
      delete: (ref) => store.delete(ref),
    },
  };
}

/**
 * `store`, creating each object that has alternatives in the first version the store accepts. The
 * staged write's object takes the version that was created, so undoing it deletes the right one.
 */
function creatingFirstServed(store: RouteObjectStore, alternatives: Map<RouteObject, RouteObject[]>): RouteObjectStore {
  return {
    get: (ref) => store.get(ref),
    update: (object) => store.update(object),
    delete: (ref) => store.delete(ref),
    async create(object) {
      let firstError: unknown;
      for (const candidate of [object, ...(alternatives.get(object) ?? [])]) {
        try {
          await store.create(candidate);
          Object.assign(object, candidate);
          return;
        } catch (error) {
          firstError ??= error;
        }
      }
      throw firstError;
    },
  };
}

/**
 * A staged TrafficRouter from a pure plan over a store. None of these providers' objects show what
 * the data plane serves (the proxy's own configuration is elsewhere), so verify never answers but
 * 'cannot-verify'.
 */
export function createPlannedRouter<Objects>(
  parts: PlannedRouterParts<Objects>,
  store: RouteObjectStore,
): StagedTrafficRouter {
  async function stage(desired: DesiredTraffic) {
    const reading = remembering(store);
    const plan = parts.plan(desired, await parts.read(reading.store));
    const alternatives = new Map<RouteObject, RouteObject[]>();
    const writes: StagedWrite[] = plan.writes.map((write) => {
      const before = reading.read.get(keyOf(refOf(write.object)));
      if (write.action === 'create') {
        if (write.alternatives) alternatives.set(write.object, write.alternatives);
        return { after: write.object };
      }
      if (write.action === 'delete') return { before: before ?? write.object };
      return before ? { before, after: write.object } : { after: write.object };
    });
    return stageObjectWrites(creatingFirstServed(store, alternatives), writes, plan.problems);
  }
  return {
    type: parts.type,
    canVerify: false,
    stage,
    apply: async (desired) => applyStaged(await stage(desired)),
    async observe(): Promise<TrafficInPlace> {
      return parts.observe(await parts.read(store));
    },
    async verify(_desired: DesiredTraffic): Promise<Verification> {
      return 'cannot-verify';
    },
  };
}

/** The Services weighed in `desired`: its turn of ping and pong, else the rollout's stable and canary Services. */
export function weighedServices(rollout: Rollout, desired: DesiredTraffic): ServiceRoles {
  const canary = rollout.spec.strategy?.canary;
  return desired.services ?? { stable: canary?.stableService ?? '', canary: canary?.canaryService ?? '' };
}

/**
 * The problem a provider without header or mirror routes gives for a desired state that has them
 * (validation holds such a Rollout first; this keeps a router from silently dropping them).
 */
export function unsupportedRouteProblems(
  provider: string,
  object: string,
  desired: DesiredTraffic,
  has: { headerRoutes?: boolean } = {},
): TrafficProblem[] {
  const problems: TrafficProblem[] = [];
  if (desired.headerRoutes.length > 0 && !has.headerRoutes)
    problems.push({ object, path: '', message: `${provider} has no header routes: remove the setHeaderRoute steps` });
  if (desired.mirrorRoutes.length > 0)
    problems.push({ object, path: '', message: `${provider} has no mirror routes: remove the setMirrorRoute steps` });
  return problems;
}

/** In-place report of a provider without header or mirror routes from its weighted routes. */
export function inPlaceFrom(routes: TrafficInPlace['routes'], problems: TrafficProblem[]): TrafficInPlace {
  const weights = new Set(routes.map((route) => route.canaryWeight));
  return {
    canaryWeight: weights.size === 1 ? routes[0]?.canaryWeight : undefined,
    routes,
    headerRoutes: [],
    mirrorRoutes: [],
    problems,
  };
}

/** The Rollout as the controlling owner of an object it creates (Argo's NewControllerRef). */
export function controllerRef(rollout: Rollout) {
  return {
    apiVersion: rollout.apiVersion,
    kind: 'Rollout',
    name: rollout.metadata.name ?? '',
    uid: rollout.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether the Rollout is the controlling owner of `object` (Argo's IsControlledBy; by name where the Rollout has no uid yet). */
export function controlledBy(object: RouteObject, rollout: Rollout): boolean {
  return (object.metadata.ownerReferences ?? []).some(
    (owner) =>
      owner.controller === true &&
      owner.kind === 'Rollout' &&
      owner.name === rollout.metadata.name &&
      (!rollout.metadata.uid || owner.uid === rollout.metadata.uid),
  );
}

/** The stored object with `change` applied to a copy; undefined when the change leaves it as it was. */
export function changed<T extends RouteObject>(object: T, change: (copy: T) => void): T | undefined {
  const copy = structuredClone(object);
  change(copy);
  return JSON.stringify(copy) === JSON.stringify(object) ? undefined : copy;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
