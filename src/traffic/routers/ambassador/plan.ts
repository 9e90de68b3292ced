// Ambassador (Emissary): for each Mapping in `ambassador.mappings` the router keeps a second Mapping
// `<name>-canary`, a copy of the base Mapping's spec whose `service` names the canary Service in
// place of the stable one and whose `weight` is the canary weight; Ambassador sends the rest to the
// base Mapping. The base Mapping is never written and must not weigh itself. At weight 0 (the end of
// the rollout, an abort) the canary Mapping is set to weight 0 and deleted, as Argo does.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { describeRef, type RouteObject, type RouteObjectRef } from '../../route-objects.ts';
import type { RouteWeightsInPlace, TrafficInPlace } from '../../router.ts';
import {
  changed,
  inPlaceFrom,
  isRecord,
  unsupportedRouteProblems,
  weighedServices,
  type ObjectPlan,
} from '../object-plan.ts';

/** Argo's default version first, then Emissary 3's. */
export const AMBASSADOR_API_VERSIONS = [
  'getambassador.io/v2',
  'getambassador.io/v3alpha1',
  'x.getambassador.io/v3alpha1',
];

export interface AmbassadorMappingPair {
  ref: RouteObjectRef;
  base: RouteObject | undefined;
  canary: RouteObject | undefined;
}

export interface AmbassadorObjects {
  mappings: AmbassadorMappingPair[];
}

/** Argo's name for the canary Mapping: the base name cut to 246 characters, then `-canary`. */
export function canaryMappingName(name: string): string {
  return `${name.slice(0, 246)}-canary`;
}

export function baseMappingRefs(rollout: Rollout, apiVersion = AMBASSADOR_API_VERSIONS[0] ?? ''): RouteObjectRef[] {
  return (rollout.spec.strategy?.canary?.trafficRouting?.ambassador?.mappings ?? []).map((name) => ({
    apiVersion,
    kind: 'Mapping',
    namespace: rollout.metadata.namespace ?? 'default',
    name,
  }));
}

export function canaryMappingRef(base: RouteObjectRef): RouteObjectRef {
  return { ...base, name: canaryMappingName(base.name) };
}

function specOf(object: RouteObject): Record<string, unknown> {
  return isRecord(object.spec) ? object.spec : {};
}

function weightOf(object: RouteObject | undefined): number {
  const weight = object ? specOf(object).weight : undefined;
  return typeof weight === 'number' ? weight : 0;
}

function baseProblems(pair: AmbassadorMappingPair): TrafficProblem[] {
  if (!pair.base)
    return [
      {
        object: describeRef(pair.ref),
        path: '',
        message: `no Mapping "${pair.ref.name}" in namespace ${pair.ref.namespace}: create it or fix the name in ambassador.mappings`,
      },
    ];
  if (weightOf(pair.base) !== 0)
    return [
      {
        object: describeRef(pair.ref),
        path: 'spec.weight',
        message:
          'the base Mapping must not define a weight (the canary Mapping takes its share from it): remove spec.weight',
      },
    ];
  return [];
}

function newCanaryMapping(base: RouteObject, stable: string, canary: string, weight: number): RouteObject {
  const spec = structuredClone(specOf(base));
  // As Argo: the first occurrence of the stable Service's name in `service` (svc, svc.ns, svc:port) is replaced.
  if (typeof spec.service === 'string') spec.service = spec.service.replace(stable, canary);
  spec.weight = weight;
  return {
    apiVersion: base.apiVersion,
    kind: base.kind,
    metadata: { name: canaryMappingName(base.metadata.name ?? ''), namespace: base.metadata.namespace ?? 'default' },
    spec,
  };
}

export function planAmbassadorTraffic(
  rollout: Rollout,
  desired: DesiredTraffic,
  objects: AmbassadorObjects,
): ObjectPlan {
  const roles = weighedServices(rollout, desired);
  const first = objects.mappings[0]?.ref;
  const unsupported = first ? unsupportedRouteProblems('Ambassador', describeRef(first), desired) : [];
  const weight = desired.canaryWeight;
  // A base Mapping is needed only to create its canary: removing one never waits on it.
  const problems = [
    ...unsupported,
    ...objects.mappings.flatMap((pair) => (weight > 0 && !pair.canary ? baseProblems(pair) : [])),
  ];
  if (problems.length > 0) return { writes: [], problems };
  const writes: ObjectPlan['writes'] = [];
  for (const pair of objects.mappings) {
    if (!pair.canary) {
      if (weight > 0 && pair.base)
        writes.push({ action: 'create', object: newCanaryMapping(pair.base, roles.stable, roles.canary, weight) });
      continue;
    }
    const update = changed(pair.canary, (copy) => {
      specOf(copy).weight = weight;
      if (!isRecord(copy.spec)) copy.spec = { weight };
    });
    if (update) writes.push({ action: 'update', object: update });
    if (weight === 0) writes.push({ action: 'delete', object: update ?? pair.canary });
  }
  return { writes, problems: [] };
}

export function observeAmbassadorTraffic(objects: AmbassadorObjects): TrafficInPlace {
  const routes: RouteWeightsInPlace[] = [];
  const problems: TrafficProblem[] = [];
  for (const pair of objects.mappings) {
    if (!pair.base) {
      problems.push(...baseProblems(pair));
      continue;
    }
    const canaryWeight = weightOf(pair.canary);
    routes.push({
      where: `${describeRef(pair.ref)} (+ ${canaryMappingName(pair.ref.name)})`,
      canaryWeight,
      stableWeight: 100 - canaryWeight,
    });
  }
  return inPlaceFrom(routes, problems);
}
