// The APISIX TrafficRouter over a RouteObjectStore: reads the weighted ApisixRoute and the
// ApisixRoutes of its header routes; the pure plan decides.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteObject, RouteObjectStore } from '../../route-objects.ts';
import type { StagedTrafficRouter } from '../../staged.ts';
import { createPlannedRouter } from '../object-plan.ts';
import {
  apisixRouteRef,
  managedRouteNames,
  observeApisixTraffic,
  planApisixTraffic,
  type ApisixObjects,
} from './plan.ts';

async function readApisix(rollout: Rollout, store: RouteObjectStore, extra: string[] = []): Promise<ApisixObjects> {
  const names = [...new Set([...managedRouteNames(rollout), ...extra])];
  const found = await Promise.all(
    names.map(async (name) => [name, await store.get(apisixRouteRef(rollout, name))] as const),
  );
  const headerRoutes = new Map<string, RouteObject>();
  for (const [name, object] of found) if (object) headerRoutes.set(name, object);
  return { route: await store.get(apisixRouteRef(rollout)), headerRoutes };
}

export function createApisixTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  return createPlannedRouter(
    {
      type: 'apisix',
      read: (from) => readApisix(rollout, from),
      plan: (desired, objects) => planApisixTraffic(rollout, desired, objects),
      observe: (objects) => observeApisixTraffic(rollout, objects),
    },
    store,
  );
}
