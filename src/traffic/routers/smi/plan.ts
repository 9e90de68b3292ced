// SMI: the rollout owns one TrafficSplit (`smi.trafficSplitName`, else the Rollout's name) whose
// spec it writes whole, as Argo does: `service` is `smi.rootService` (else the stableService) and
// `backends` are the canary Service with the canary weight, then each weighted experiment Service
// with its weight, then the stable Service with the rest.
// When the TrafficSplit is missing it is created with the Rollout as its controlling owner; one the
// Rollout does not own is never changed. Nothing is removed at the end: the weights go back to 0.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { describeRef, type RouteObject, type RouteObjectRef } from '../../route-objects.ts';
import type { RouteWeightsInPlace, TrafficInPlace } from '../../router.ts';
import {
  changed,
  controlledBy,
  controllerRef,
  inPlaceFrom,
  isRecord,
  unsupportedRouteProblems,
  weighedServices,
  type ObjectPlan,
} from '../object-plan.ts';

export const SMI_GROUP = 'split.smi-spec.io';
/** Newest first: a TrafficSplit is read in, and created in, the first version the cluster serves. */
export const SMI_VERSIONS = ['v1alpha4', 'v1alpha3', 'v1alpha2', 'v1alpha1'].map((v) => `${SMI_GROUP}/${v}`);

export interface SmiObjects {
  /** The TrafficSplit as read, in the first version that found it; undefined when there is none. */
  trafficSplit?: RouteObject;
}

export function trafficSplitRef(rollout: Rollout, apiVersion = SMI_VERSIONS[0] ?? ''): RouteObjectRef {
  const smi = rollout.spec.strategy?.canary?.trafficRouting?.smi;
  return {
    apiVersion,
    kind: 'TrafficSplit',
    namespace: rollout.metadata.namespace ?? 'default',
    name: smi?.trafficSplitName || (rollout.metadata.name ?? ''),
  };
}

/** v1alpha1 weighs with a resource quantity (written as a string, "10"); later versions with a number. */
function weightFor(apiVersion: string, weight: number): number | string {
  return apiVersion.endsWith('/v1alpha1') ? String(weight) : weight;
}

/** A backend weight as stored: a number, or a quantity string ("10", "500m"). */
export function readWeight(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const milli = /^(\d+)m$/.exec(value);
  if (milli) return Number(milli[1]) / 1000;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}

function desiredSpec(rollout: Rollout, desired: DesiredTraffic, apiVersion: string): Record<string, unknown> {
  const services = weighedServices(rollout, desired);
  const smi = rollout.spec.strategy?.canary?.trafficRouting?.smi;
  const additional = desired.additional ?? [];
  const others = additional.reduce((sum, destination) => sum + destination.weight, 0);
  return {
    service: smi?.rootService || services.stable,
    backends: [
      { service: services.canary, weight: weightFor(apiVersion, desired.canaryWeight) },
      ...additional.map((d) => ({ service: d.serviceName, weight: weightFor(apiVersion, d.weight) })),
      { service: services.stable, weight: weightFor(apiVersion, 100 - desired.canaryWeight - others) },
    ],
  };
}

function newTrafficSplit(rollout: Rollout, desired: DesiredTraffic, apiVersion: string): RouteObject {
  const ref = trafficSplitRef(rollout, apiVersion);
  return {
    apiVersion,
    kind: 'TrafficSplit',
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      ownerReferences: [controllerRef(rollout)],
    },
    spec: desiredSpec(rollout, desired, apiVersion),
  };
}

export function planSmiTraffic(rollout: Rollout, desired: DesiredTraffic, objects: SmiObjects): ObjectPlan {
  const existing = objects.trafficSplit;
  const ref = existing ? { ...trafficSplitRef(rollout), apiVersion: existing.apiVersion } : trafficSplitRef(rollout);
  const unsupported = unsupportedRouteProblems('SMI', describeRef(ref), desired);
  if (unsupported.length > 0) return { writes: [], problems: unsupported };
  if (!existing) {
    const [first, ...alternatives] = SMI_VERSIONS.map((apiVersion) => newTrafficSplit(rollout, desired, apiVersion));
    return first
      ? { writes: [{ action: 'create', object: first, alternatives }], problems: [] }
      : { writes: [], problems: [] };
  }
  if (!controlledBy(existing, rollout)) {
    return {
      writes: [],
      problems: [
        {
          object: describeRef(ref),
          path: 'metadata.ownerReferences',
          message: `the Rollout does not own this TrafficSplit, so it is not changed: delete it (the Rollout creates its own) or name another in smi.trafficSplitName`,
        },
      ],
    };
  }
  const update = changed(existing, (copy) => {
    copy.spec = desiredSpec(rollout, desired, existing.apiVersion);
  });
  return { writes: update ? [{ action: 'update', object: update }] : [], problems: [] };
}

export function observeSmiTraffic(rollout: Rollout, objects: SmiObjects): TrafficInPlace {
  const split = objects.trafficSplit;
  const ref = trafficSplitRef(rollout, split?.apiVersion);
  const where = describeRef(ref);
  if (!split) return inPlaceFrom([], [{ object: where, path: '', message: 'the TrafficSplit does not exist yet' }]);
  const canary = rollout.spec.strategy?.canary;
  const backends = isRecord(split.spec) && Array.isArray(split.spec.backends) ? split.spec.backends : [];
  const weightOf = (service: string | undefined) =>
    backends
      .filter((backend) => isRecord(backend) && backend.service === service)
      .reduce<number>((sum, backend) => sum + (readWeight((backend as Record<string, unknown>).weight) ?? 0), 0);
  const problems: TrafficProblem[] = [];
  const routes: RouteWeightsInPlace[] = [];
  const canaryWeight = weightOf(canary?.canaryService);
  const total = backends.reduce<number>(
    (sum, backend) => sum + (isRecord(backend) ? (readWeight(backend.weight) ?? 0) : 0),
    0,
  );
  if (total > 0) {
    // SMI weights are relative: the share is what the canary gets of their sum.
    const share = Math.round((canaryWeight * 100) / total);
    routes.push({ where: `${where} spec.backends`, canaryWeight: share, stableWeight: 100 - share });
  } else {
    problems.push({ object: where, path: 'spec.backends', message: 'no backend has a weight' });
  }
  return inPlaceFrom(routes, problems);
}
