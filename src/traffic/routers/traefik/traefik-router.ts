// The Traefik TrafficRouter over a RouteObjectStore: reads the TraefikService in the first API group
// that has it (traefik.io, then traefik.containo.us) and leaves every decision to the pure plan.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { StagedTrafficRouter } from '../../staged.ts';
import { createPlannedRouter } from '../object-plan.ts';
import {
  observeTraefikTraffic,
  planTraefikTraffic,
  TRAEFIK_API_VERSIONS,
  traefikServiceRef,
  type TraefikObjects,
} from './plan.ts';

async function readTraefik(rollout: Rollout, store: RouteObjectStore): Promise<TraefikObjects> {
  for (const apiVersion of TRAEFIK_API_VERSIONS) {
    const traefikService = await store.get(traefikServiceRef(rollout, apiVersion));
    if (traefikService) return { traefikService };
  }
  return {};
}

export function createTraefikTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  return createPlannedRouter(
    {
      type: 'traefik',
      read: (from) => readTraefik(rollout, from),
      plan: (desired, objects) => planTraefikTraffic(rollout, desired, objects),
      observe: (objects) => observeTraefikTraffic(rollout, objects),
    },
    store,
  );
}
