// The Istio router in two stages (src/traffic/staged.ts), so it can change traffic together with
// other routers all or nothing: the same plan as createIstioTrafficRouter, its writes staged over
// the Istio store seen as a RouteObjectStore.
import type { DestinationRule, VirtualService } from '../../api/types/istio.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { DesiredTraffic } from '../desired.ts';
import type { RouteObject, RouteObjectRef, RouteObjectStore } from '../route-objects.ts';
import { applyStaged, stageObjectWrites, type ObjectWrite, type StagedTrafficRouter } from '../staged.ts';
import {
  createIstioTrafficRouter,
  readIstioObjects,
  type IstioObjectStore,
  type IstioRouterOptions,
} from './istio/istio-router.ts';
import { planIstioTraffic } from './istio/plan.ts';

/** The Istio store as a RouteObjectStore of its two kinds (the Istio router never creates or deletes). */
function istioRouteObjects(store: IstioObjectStore): RouteObjectStore {
  // The kind tells which of the two shapes the object is: the objects come from this store or its plan.
  const put = (object: RouteObject): Promise<void> =>
    object.kind === 'DestinationRule'
      ? store.putDestinationRule(object as unknown as DestinationRule)
      : store.putVirtualService(object as unknown as VirtualService);
  return {
    async get(ref: RouteObjectRef) {
      const found =
        ref.kind === 'DestinationRule'
          ? await store.getDestinationRule(ref.namespace, ref.name)
          : await store.getVirtualService(ref.namespace, ref.name);
      return found as RouteObject | undefined;
    },
    create: put,
    update: put,
    async delete(ref: RouteObjectRef) {
      throw new Error(`${ref.kind} ${ref.namespace}/${ref.name}: the Istio router does not delete objects`);
    },
  };
}

export function createStagedIstioRouter(
  rollout: Rollout,
  store: IstioObjectStore,
  options: IstioRouterOptions = {},
): StagedTrafficRouter {
  const router = createIstioTrafficRouter(rollout, store, options);
  const objects = istioRouteObjects(store);
  async function stage(desired: DesiredTraffic) {
    const current = await readIstioObjects(rollout, store);
    const plan = planIstioTraffic(rollout, desired, current);
    const writes: ObjectWrite[] = [];
    const beforeOf = (namespace: string, name: string, kind: string) =>
      (kind === 'DestinationRule'
        ? current.destinationRule
        : current.virtualServices.find(
            (vs) => vs.metadata.name === name && (vs.metadata.namespace ?? namespace) === namespace,
          )) as RouteObject | undefined;
    // Subsets first: a weight must never point at a subset that does not select the right pods yet.
    const planned = [...(plan.destinationRule ? [plan.destinationRule] : []), ...plan.virtualServices];
    for (const object of planned) {
      if (!object.changed) continue;
      // An Istio object is a RouteObject (apiVersion, kind, metadata, spec); its interface lacks the index signature.
      const after = object.object as unknown as RouteObject;
      const before = beforeOf(object.namespace, object.name, after.kind);
      writes.push(before ? { before, after } : { after });
    }
    return stageObjectWrites(objects, writes, plan.problems);
  }
  return {
    type: router.type,
    canVerify: router.canVerify,
    stage,
    apply: async (desired) => applyStaged(await stage(desired)),
    observe: () => router.observe(),
    verify: (desired) => router.verify(desired),
  };
}
