// The Istio TrafficRouter, written once for both runtimes: it reads and writes VirtualServices and
// DestinationRules through a small store port (the Kubernetes API, or the local runtime's own
// store) and leaves every decision to the pure plan.
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import type { ApplyResult, TrafficInPlace, TrafficRouter, Verification } from '../../router.ts';
import { istioTrafficInPlace, observeIstioTraffic } from './observe.ts';
import { planIstioTraffic, type IstioObjects } from './plan.ts';
import { istioRefsOf } from './references.ts';

export interface IstioObjectStore {
  getVirtualService(namespace: string, name: string): Promise<VirtualService | undefined>;
  getDestinationRule(namespace: string, name: string): Promise<DestinationRule | undefined>;
  /** Replace the stored object (the store handles resourceVersion conflicts by throwing). */
  putVirtualService(virtualService: VirtualService): Promise<void>;
  putDestinationRule(destinationRule: DestinationRule): Promise<void>;
}

export interface IstioRouterOptions {
  /**
   * True when the objects in the store are exactly what serves traffic (the local runtime's proxy
   * routes from its store), so reading them back verifies. On a cluster, Envoy's configuration is
   * not visible from the objects, so the router answers 'cannot-verify'.
   */
  storeIsServed?: boolean;
}

/** The VirtualServices and DestinationRule `rollout` refers to, as stored (the missing ones left out). */
export async function readIstioObjects(rollout: Rollout, store: IstioObjectStore): Promise<IstioObjects> {
  const refs = istioRefsOf(rollout);
  if (!refs) return { virtualServices: [] };
  const found = await Promise.all(refs.virtualServices.map((ref) => store.getVirtualService(ref.namespace, ref.name)));
  const objects: IstioObjects = { virtualServices: found.filter((vs): vs is VirtualService => vs !== undefined) };
  if (refs.destinationRule) {
    const rule = await store.getDestinationRule(refs.destinationRule.namespace, refs.destinationRule.name);
    if (rule) objects.destinationRule = rule;
  }
  return objects;
}

export function createIstioTrafficRouter(
  rollout: Rollout,
  store: IstioObjectStore,
  options: IstioRouterOptions = {},
): TrafficRouter {
  return {
    type: 'istio',
    canVerify: options.storeIsServed === true,
    async apply(desired: DesiredTraffic): Promise<ApplyResult> {
      const plan = planIstioTraffic(rollout, desired, await readIstioObjects(rollout, store));
      if (plan.problems.length > 0) return { changed: false, problems: plan.problems };
      let changed = false;
      // Subsets first: a weight must never point at a subset that does not select the right pods yet.
      if (plan.destinationRule?.changed) {
        await store.putDestinationRule(plan.destinationRule.object);
        changed = true;
      }
      for (const vs of plan.virtualServices) {
        if (!vs.changed) continue;
        await store.putVirtualService(vs.object);
        changed = true;
      }
      return { changed, problems: [] };
    },
    async observe(): Promise<TrafficInPlace> {
      return observeIstioTraffic(rollout, await readIstioObjects(rollout, store));
    },
    async verify(desired: DesiredTraffic): Promise<Verification> {
      if (!options.storeIsServed) return 'cannot-verify';
      return istioTrafficInPlace(rollout, desired, await readIstioObjects(rollout, store));
    },
  };
}
