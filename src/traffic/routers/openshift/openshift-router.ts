// The OpenShift Route TrafficRouter (plugin `argoproj-labs/openshift`) over a RouteObjectStore: reads
// the configured Routes and leaves every decision to the pure plan.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { StagedTrafficRouter } from '../../staged.ts';
import { createPlannedRouter } from '../object-plan.ts';
import { observeOpenshiftTraffic, openshiftRouteRefs, planOpenshiftTraffic, type OpenshiftObjects } from './plan.ts';

async function readRoutes(rollout: Rollout, store: RouteObjectStore): Promise<OpenshiftObjects> {
  const refs = openshiftRouteRefs(rollout);
  return { routes: await Promise.all(refs.map(async (ref) => ({ ref, object: await store.get(ref) }))) };
}

export function createOpenshiftTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  return createPlannedRouter(
    {
      type: 'openshift',
      read: (from) => readRoutes(rollout, from),
      plan: (desired, objects) => planOpenshiftTraffic(rollout, desired, objects),
      observe: (objects) => observeOpenshiftTraffic(rollout, objects),
    },
    store,
  );
}
