// The Gateway API TrafficRouter (trafficRouting.plugins["argoproj-labs/gatewayAPI"]), written once
// for both runtimes: it reads and writes HTTPRoutes, GRPCRoutes and TCPRoutes through the
// RouteObjectStore and leaves every decision to the pure plan. On a cluster the gateway's data plane
// cannot be seen from the routes, so it answers 'cannot-verify'; locally the mesh serves exactly the
// stored routes, so reading them back verifies.
import { gatewayApiConfigOf } from '../../../api/gateway-api-config.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import { describeRef, type RouteObjectStore } from '../../route-objects.ts';
import type { TrafficInPlace, Verification } from '../../router.ts';
import { applyStaged, stageObjectWrites, type StagedChange, type StagedTrafficRouter } from '../../staged.ts';
import { observeGatewayTraffic } from './observe.ts';
import { planGatewayTraffic, routeRefOf, type GatewayRoutes } from './plan.ts';

export interface GatewayRouterOptions {
  /**
   * True when the stored routes are exactly what serves traffic (the local runtime's mesh, which
   * serves HTTPRoutes only: a rollout that also names a GRPCRoute or TCPRoute cannot verify there).
   */
  storeIsServed?: boolean;
}

async function readRoutes(rollout: Rollout, store: RouteObjectStore): Promise<GatewayRoutes> {
  const found = new Map();
  for (const ref of gatewayApiConfigOf(rollout)?.routes ?? []) {
    const routeRef = routeRefOf(ref);
    const object = await store.get(routeRef);
    if (object) found.set(describeRef(routeRef), object);
  }
  return { found };
}

export function createGatewayApiTrafficRouter(
  rollout: Rollout,
  store: RouteObjectStore,
  options: GatewayRouterOptions = {},
): StagedTrafficRouter {
  async function stage(desired: DesiredTraffic): Promise<StagedChange> {
    const plan = planGatewayTraffic(rollout, desired, await readRoutes(rollout, store));
    return stageObjectWrites(store, plan.writes, plan.problems);
  }
  const served =
    options.storeIsServed === true &&
    (gatewayApiConfigOf(rollout)?.routes ?? []).every((ref) => ref.kind === 'HTTPRoute');
  return {
    type: 'gatewayAPI',
    canVerify: served,
    stage,
    apply: async (desired) => applyStaged(await stage(desired)),
    async observe(): Promise<TrafficInPlace> {
      return observeGatewayTraffic(rollout, await readRoutes(rollout, store));
    },
    async verify(desired: DesiredTraffic): Promise<Verification> {
      if (!served) return 'cannot-verify';
      const plan = planGatewayTraffic(rollout, desired, await readRoutes(rollout, store));
      return plan.problems.length === 0 && plan.writes.length === 0;
    },
  };
}
