// The NGINX Ingress TrafficRouter, written once for both runtimes over the RouteObjectStore port:
// it reads the stable and canary Ingresses, leaves every decision to the pure plan, and stages the
// canary Ingresses it plans (src/traffic/staged.ts), so it can also change traffic together with
// other routers, all or nothing.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { TrafficInPlace, Verification } from '../../router.ts';
import { applyStaged, stageObjectWrites, type StagedTrafficRouter } from '../../staged.ts';
import { type Ingress, ingressRef } from '../ingress/ingress.ts';
import { observeNginxTraffic } from './observe.ts';
import { type IngressesByName, nginxIngressNames, planNginxTraffic } from './plan.ts';

export interface NginxRouterOptions {
  /**
   * True when the stored Ingresses are exactly what serves traffic (the local runtime's proxy routes
   * from its store), so reading them back verifies. On a cluster the NGINX controller's own
   * configuration cannot be read from the objects: the router answers 'cannot-verify'.
   */
  storeIsServed?: boolean;
}

async function readIngresses(rollout: Rollout, store: RouteObjectStore): Promise<IngressesByName> {
  const namespace = rollout.metadata.namespace ?? 'default';
  const found = new Map<string, Ingress>();
  for (const name of nginxIngressNames(rollout)) {
    const object = await store.get(ingressRef(namespace, name));
    if (object) found.set(name, object as Ingress);
  }
  return found;
}

export function createNginxTrafficRouter(
  rollout: Rollout,
  store: RouteObjectStore,
  options: NginxRouterOptions = {},
): StagedTrafficRouter {
  async function stage(desired: DesiredTraffic) {
    const plan = planNginxTraffic(rollout, desired, await readIngresses(rollout, store));
    return stageObjectWrites(store, plan.writes, plan.problems);
  }
  return {
    type: 'nginx',
    canVerify: options.storeIsServed === true,
    stage,
    apply: async (desired) => applyStaged(await stage(desired)),
    async observe(): Promise<TrafficInPlace> {
      return observeNginxTraffic(rollout, await readIngresses(rollout, store));
    },
    async verify(desired: DesiredTraffic): Promise<Verification> {
      if (!options.storeIsServed) return 'cannot-verify';
      const plan = planNginxTraffic(rollout, desired, await readIngresses(rollout, store));
      return plan.problems.length === 0 && plan.writes.length === 0;
    },
  };
}
