// The SMI TrafficRouter over a RouteObjectStore: reads the TrafficSplit in the first version the
// cluster serves it in and leaves every decision to the pure plan.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { StagedTrafficRouter } from '../../staged.ts';
import { createPlannedRouter } from '../object-plan.ts';
import { observeSmiTraffic, planSmiTraffic, SMI_VERSIONS, trafficSplitRef, type SmiObjects } from './plan.ts';

async function readSmi(rollout: Rollout, store: RouteObjectStore): Promise<SmiObjects> {
  for (const apiVersion of SMI_VERSIONS) {
    const trafficSplit = await store.get(trafficSplitRef(rollout, apiVersion));
    if (trafficSplit) return { trafficSplit };
  }
  return {};
}

export function createSmiTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  return createPlannedRouter(
    {
      type: 'smi',
      read: (from) => readSmi(rollout, from),
      plan: (desired, objects) => planSmiTraffic(rollout, desired, objects),
      observe: (objects) => observeSmiTraffic(rollout, objects),
    },
    store,
  );
}
