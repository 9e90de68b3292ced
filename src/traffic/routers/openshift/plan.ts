// OpenShift Routes, under Argo's plugin name `argoproj-labs/openshift` (trafficRouting.plugins):
// each Route named in `routes` (`name`, or `namespace/name`) keeps its default backend `spec.to`
// (the stable Service) and gets the weight 100 - canary there, while `spec.alternateBackends` is
// the one canary Service with the canary weight; at weight 0 alternateBackends is removed, which is
// how the Route is left at the end and after an abort. These are the plugin's writes, except that
// the plugin names the alternate backend after the Route, where its documentation (and this router)
// names the canaryService.
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

export const OPENSHIFT_PLUGIN = 'argoproj-labs/openshift';
export const ROUTE_API_VERSION = 'route.openshift.io/v1';

export interface OpenshiftObjects {
  /** Each configured Route in the configuration's order; undefined where it does not exist. */
  routes: Array<{ ref: RouteObjectRef; object: RouteObject | undefined }>;
}

/** The plugin's `routes`, or undefined when the Rollout does not configure the plugin. */
export function openshiftRouteNames(rollout: Rollout): string[] | undefined {
  const config = rollout.spec.strategy?.canary?.trafficRouting?.plugins?.[OPENSHIFT_PLUGIN];
  if (!isRecord(config)) return undefined;
  return Array.isArray(config.routes) ? config.routes.filter((name): name is string => typeof name === 'string') : [];
}

export function openshiftRouteRefs(rollout: Rollout): RouteObjectRef[] {
  return (openshiftRouteNames(rollout) ?? []).map((entry) => {
    const [first, second] = entry.split('/');
    const namespace = second === undefined ? (rollout.metadata.namespace ?? 'default') : (first ?? '');
    return { apiVersion: ROUTE_API_VERSION, kind: 'Route', namespace, name: second ?? first ?? '' };
  });
}

function spec(object: RouteObject): Record<string, unknown> {
  return isRecord(object.spec) ? object.spec : {};
}

/** The reasons one Route cannot be weighed: missing, or its default backend is not the stable Service. */
function routeProblems(ref: RouteObjectRef, object: RouteObject | undefined, stable: string): TrafficProblem[] {
  if (!object)
    return [
      {
        object: describeRef(ref),
        path: '',
        message: `no Route "${ref.name}" in namespace ${ref.namespace}: create it or fix the name in plugins.${OPENSHIFT_PLUGIN}.routes`,
      },
    ];
  const to = spec(object).to;
  const name = isRecord(to) ? to.name : undefined;
  if (name !== stable)
    return [
      {
        object: describeRef(ref),
        path: 'spec.to.name',
        message: `the Route's default backend is ${typeof name === 'string' ? `"${name}"` : 'not set'}, not the stable Service "${stable}": point spec.to at the stable Service`,
      },
    ];
  return [];
}

export function planOpenshiftTraffic(rollout: Rollout, desired: DesiredTraffic, objects: OpenshiftObjects): ObjectPlan {
  const roles = weighedServices(rollout, desired);
  const first = objects.routes[0]?.ref;
  const unsupported = first ? unsupportedRouteProblems('An OpenShift Route', describeRef(first), desired) : [];
  const problems = [
    ...unsupported,
    ...objects.routes.flatMap(({ ref, object }) => routeProblems(ref, object, roles.stable)),
  ];
  if (problems.length > 0) return { writes: [], problems };
  const writes: ObjectPlan['writes'] = [];
  for (const { object } of objects.routes) {
    if (!object) continue;
    const update = changed(object, (copy) => {
      const copySpec = spec(copy);
      if (isRecord(copySpec.to)) copySpec.to.weight = 100 - desired.canaryWeight;
      if (desired.canaryWeight === 0) delete copySpec.alternateBackends;
      else copySpec.alternateBackends = [{ kind: 'Service', name: roles.canary, weight: desired.canaryWeight }];
    });
    if (update) writes.push({ action: 'update', object: update });
  }
  return { writes, problems: [] };
}

/** A backend's weight as OpenShift reads it: unset counts as 1 (the API's default). */
function weightOf(backend: unknown): number {
  return isRecord(backend) && typeof backend.weight === 'number' ? backend.weight : 1;
}

export function observeOpenshiftTraffic(rollout: Rollout, objects: OpenshiftObjects): TrafficInPlace {
  const canaryService = rollout.spec.strategy?.canary?.canaryService ?? '';
  const stableService = rollout.spec.strategy?.canary?.stableService ?? '';
  const routes: RouteWeightsInPlace[] = [];
  const problems: TrafficProblem[] = [];
  for (const { ref, object } of objects.routes) {
    const found = routeProblems(ref, object, stableService);
    if (!object || found.length > 0) {
      problems.push(...found);
      continue;
    }
    const alternates = Array.isArray(spec(object).alternateBackends)
      ? (spec(object).alternateBackends as unknown[])
      : [];
    const canary = alternates
      .filter((backend) => isRecord(backend) && backend.name === canaryService)
      .reduce<number>((sum, backend) => sum + weightOf(backend), 0);
    const others = alternates
      .filter((backend) => !(isRecord(backend) && backend.name === canaryService))
      .reduce<number>((sum, backend) => sum + weightOf(backend), 0);
    const total = weightOf(spec(object).to) + canary + others;
    const share = total === 0 ? 0 : Math.round((canary * 100) / total);
    routes.push({
      where: `${describeRef(ref)} spec.to/alternateBackends`,
      canaryWeight: share,
      stableWeight: 100 - share,
    });
  }
  return inPlaceFrom(routes, problems);
}
