// The App Mesh TrafficRouter over a RouteObjectStore: reads the VirtualService, the VirtualRouter it
// is provided by and the two VirtualNodes; the pure plan decides.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { StagedTrafficRouter } from '../../staged.ts';
import { createPlannedRouter } from '../object-plan.ts';
import {
  observeAppMeshTraffic,
  planAppMeshTraffic,
  virtualNodeRefs,
  virtualRouterRefOf,
  virtualServiceRef,
  type AppMeshObjects,
} from './plan.ts';

async function readAppMesh(rollout: Rollout, store: RouteObjectStore): Promise<AppMeshObjects> {
  const nodes = virtualNodeRefs(rollout);
  const [virtualService, canaryNode, stableNode] = await Promise.all([
    store.get(virtualServiceRef(rollout)),
    store.get(nodes.canary),
    store.get(nodes.stable),
  ]);
  const routerRef = virtualService ? virtualRouterRefOf(rollout, virtualService) : undefined;
  const virtualRouter = routerRef ? await store.get(routerRef) : undefined;
  return { virtualService, virtualRouter, canaryNode, stableNode };
}

export function createAppMeshTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  return createPlannedRouter(
    {
      type: 'appmesh',
      read: (from) => readAppMesh(rollout, from),
      plan: (desired, objects) => planAppMeshTraffic(rollout, desired, objects),
      observe: (objects) => observeAppMeshTraffic(rollout, objects),
    },
    store,
  );
}
