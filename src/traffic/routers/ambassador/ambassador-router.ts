// The Ambassador TrafficRouter over a RouteObjectStore: reads each base Mapping in the first API
// version that has it, and its canary Mapping in the same version; the pure plan decides.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { StagedTrafficRouter } from '../../staged.ts';
import { createPlannedRouter } from '../object-plan.ts';
import {
  AMBASSADOR_API_VERSIONS,
  baseMappingRefs,
  canaryMappingRef,
  observeAmbassadorTraffic,
  planAmbassadorTraffic,
  type AmbassadorMappingPair,
  type AmbassadorObjects,
} from './plan.ts';

async function readPair(store: RouteObjectStore, refs: AmbassadorMappingPair['ref'][]): Promise<AmbassadorMappingPair> {
  for (const ref of refs) {
    const [base, canary] = await Promise.all([store.get(ref), store.get(canaryMappingRef(ref))]);
    if (base || canary) return { ref, base, canary };
  }
  return { ref: refs[0]!, base: undefined, canary: undefined };
}

async function readMappings(rollout: Rollout, store: RouteObjectStore): Promise<AmbassadorObjects> {
  const byVersion = AMBASSADOR_API_VERSIONS.map((apiVersion) => baseMappingRefs(rollout, apiVersion));
  const count = byVersion[0]?.length ?? 0;
  const mappings = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      readPair(
        store,
        byVersion.map((refs) => refs[index]!),
      ),
    ),
  );
  return { mappings };
}

export function createAmbassadorTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  return createPlannedRouter(
    {
      type: 'ambassador',
      read: (from) => readMappings(rollout, from),
      plan: (desired, objects) => planAmbassadorTraffic(rollout, desired, objects),
      observe: (objects) => observeAmbassadorTraffic(objects),
    },
    store,
  );
}
