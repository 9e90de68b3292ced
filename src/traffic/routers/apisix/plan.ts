// APISIX: the ApisixRoute `apisix.route.name` (apisix.apache.org/v2, the Rollout's namespace) has
// HTTP rules whose `backends` name Services; in each rule of `apisix.route.rules` (the rule named as
// the ApisixRoute when left out) the canary backend gets the canary weight and the stable backend
// the rest, as Argo writes them. A header route is its own ApisixRoute named after the route,
// owned by the Rollout: a copy of the weighted ApisixRoute whose rules send everything to the
// canary (the stable backend removed), one priority above the original, and matching the headers
// with `match.exprs`. Header routes are deleted when they end (managedRoutes owned by the Rollout).
// APISIX has no mirror routes in Argo.
import type { HeaderRoute, TrafficProblem } from '../../desired.ts';
import type { DesiredTraffic } from '../../desired.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
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

export const APISIX_API_VERSION = 'apisix.apache.org/v2';

export interface ApisixObjects {
  route: RouteObject | undefined;
  /** The ApisixRoutes named as managed routes (and as the desired header routes), where they exist. */
  headerRoutes: Map<string, RouteObject>;
}

export function apisixRouteRef(rollout: Rollout, name?: string): RouteObjectRef {
  return {
    apiVersion: APISIX_API_VERSION,
    kind: 'ApisixRoute',
    namespace: rollout.metadata.namespace ?? 'default',
    name: name ?? rollout.spec.strategy?.canary?.trafficRouting?.apisix?.route?.name ?? '',
  };
}

/** The names of the ApisixRoutes header routes may live in: managedRoutes, as Argo removes them. */
export function managedRouteNames(rollout: Rollout): string[] {
  return (rollout.spec.strategy?.canary?.trafficRouting?.managedRoutes ?? []).map((route) => route.name);
}

export function apisixRuleNames(rollout: Rollout): string[] {
  const route = rollout.spec.strategy?.canary?.trafficRouting?.apisix?.route;
  return route?.rules ?? [route?.name ?? ''];
}

type Rule = Record<string, unknown> & { backends?: unknown };

function rulesOf(object: RouteObject): Rule[] | undefined {
  return isRecord(object.spec) && Array.isArray(object.spec.http) ? (object.spec.http as Rule[]) : undefined;
}

function backendsOf(rule: Rule): Array<Record<string, unknown>> {
  return Array.isArray(rule.backends) ? rule.backends.filter(isRecord) : [];
}

/** Why the weighted rules of `object` cannot be weighed; [] when they can. */
function ruleProblems(
  rollout: Rollout,
  object: RouteObject,
  services: { stable: string; canary: string },
): TrafficProblem[] {
  const where = describeRef(apisixRouteRef(rollout, object.metadata.name));
  const rules = rulesOf(object);
  if (!rules) return [{ object: where, path: 'spec.http', message: 'the ApisixRoute has no spec.http rules' }];
  const problems: TrafficProblem[] = [];
  for (const name of apisixRuleNames(rollout)) {
    const index = rules.findIndex((rule) => rule.name === name);
    const rule = rules[index];
    if (!rule) {
      const names = rules.map((r) => r.name).filter((n) => typeof n === 'string');
      problems.push({
        object: where,
        path: 'spec.http',
        message: `no HTTP rule named "${name}" (its rules: ${names.join(', ') || 'none'}): fix apisix.route.rules or the rule's name`,
      });
      continue;
    }
    for (const role of ['canary', 'stable'] as const)
      if (!backendsOf(rule).some((backend) => backend.serviceName === services[role]))
        problems.push({
          object: where,
          path: `spec.http[${index}].backends`,
          message: `rule "${name}" has no backend for the ${role} Service "${services[role]}": add { serviceName: ${services[role]}, servicePort: ... }`,
        });
  }
  return problems;
}

function setWeights(
  rollout: Rollout,
  object: RouteObject,
  services: { stable: string; canary: string },
  weight: number,
) {
  for (const rule of rulesOf(object) ?? []) {
    if (!apisixRuleNames(rollout).includes(rule.name as string)) continue;
    for (const backend of backendsOf(rule)) {
      if (backend.serviceName === services.canary) backend.weight = weight;
      else if (backend.serviceName === services.stable) backend.weight = 100 - weight;
    }
  }
}

/** Argo's exprs for one header match: Equal for exact, RegexMatch for regex and for prefix (`^prefix.*`). */
function exprsOf(route: HeaderRoute): unknown[] {
  return route.match.flatMap(({ headerName, headerValue }) => {
    const subject = { scope: 'Header', name: headerName };
    return [
      ...(headerValue.exact ? [{ subject, op: 'Equal', value: headerValue.exact }] : []),
      ...(headerValue.regex ? [{ subject, op: 'RegexMatch', value: headerValue.regex }] : []),
      ...(headerValue.prefix ? [{ subject, op: 'RegexMatch', value: `^${headerValue.prefix}.*` }] : []),
    ];
  });
}

/** Turns the weighted rules of `object` into the header route's: canary only, matching the headers. */
function toHeaderRules(
  rollout: Rollout,
  object: RouteObject,
  route: HeaderRoute,
  services: { stable: string; canary: string },
  isNew: boolean,
) {
  for (const rule of rulesOf(object) ?? []) {
    if (!apisixRuleNames(rollout).includes(rule.name as string)) continue;
    rule.backends = backendsOf(rule)
      .filter((backend) => backend.serviceName !== services.stable)
      .map((backend) => (backend.serviceName === services.canary ? { ...backend, weight: 100 } : backend));
    if (isNew) rule.priority = (typeof rule.priority === 'number' ? rule.priority : 0) + 1;
    rule.match = { ...(isRecord(rule.match) ? rule.match : {}), exprs: exprsOf(route) };
  }
}

function newHeaderRoute(
  rollout: Rollout,
  base: RouteObject,
  route: HeaderRoute,
  services: { stable: string; canary: string },
): RouteObject {
  const copy = structuredClone(base);
  const {
    resourceVersion: _rv,
    uid: _uid,
    generation: _generation,
    creationTimestamp: _created,
    managedFields: _fields,
    ...metadata
  } = copy.metadata;
  copy.metadata = { ...metadata, name: route.name, ownerReferences: [controllerRef(rollout)] };
  delete copy.status;
  toHeaderRules(rollout, copy, route, services, true);
  return copy;
}

export function planApisixTraffic(rollout: Rollout, desired: DesiredTraffic, objects: ApisixObjects): ObjectPlan {
  const ref = apisixRouteRef(rollout);
  const services = weighedServices(rollout, desired);
  const base = objects.route;
  const problems = unsupportedRouteProblems('APISIX', describeRef(ref), desired, { headerRoutes: true });
  if (!base)
    problems.push({
      object: describeRef(ref),
      path: '',
      message: `no ApisixRoute "${ref.name}" in namespace ${ref.namespace}: create it or fix apisix.route.name`,
    });
  else problems.push(...ruleProblems(rollout, base, services));
  for (const route of desired.headerRoutes) {
    const existing = objects.headerRoutes.get(route.name);
    if (existing && !controlledBy(existing, rollout))
      problems.push({
        object: describeRef(apisixRouteRef(rollout, route.name)),
        path: 'metadata.ownerReferences',
        message: `an ApisixRoute named as the header route "${route.name}" exists and the Rollout does not own it: rename the route or that ApisixRoute`,
      });
  }
  if (problems.length > 0 || !base) return { writes: [], problems };
  const writes: ObjectPlan['writes'] = [];
  const weighted = changed(base, (copy) => setWeights(rollout, copy, services, desired.canaryWeight));
  if (weighted) writes.push({ action: 'update', object: weighted });
  const wanted = new Set(desired.headerRoutes.map((route) => route.name));
  for (const route of desired.headerRoutes) {
    const existing = objects.headerRoutes.get(route.name);
    if (!existing)
      writes.push({ action: 'create', object: newHeaderRoute(rollout, weighted ?? base, route, services) });
    else {
      const update = changed(existing, (copy) => toHeaderRules(rollout, copy, route, services, false));
      if (update) writes.push({ action: 'update', object: update });
    }
  }
  for (const name of managedRouteNames(rollout)) {
    const existing = objects.headerRoutes.get(name);
    if (!wanted.has(name) && existing && controlledBy(existing, rollout))
      writes.push({ action: 'delete', object: existing });
  }
  return { writes, problems: [] };
}

export function observeApisixTraffic(rollout: Rollout, objects: ApisixObjects): TrafficInPlace {
  const canary = rollout.spec.strategy?.canary;
  const services = { stable: canary?.stableService ?? '', canary: canary?.canaryService ?? '' };
  const base = objects.route;
  const ref = apisixRouteRef(rollout);
  if (!base)
    return inPlaceFrom([], [{ object: describeRef(ref), path: '', message: 'the ApisixRoute does not exist' }]);
  const problems = ruleProblems(rollout, base, services);
  const routes: RouteWeightsInPlace[] = [];
  (rulesOf(base) ?? []).forEach((rule, index) => {
    if (!apisixRuleNames(rollout).includes(rule.name as string)) return;
    const weightOf = (service: string) => {
      const backend = backendsOf(rule).find((b) => b.serviceName === service);
      // APISIX's default weight for a backend without one is 100.
      return backend ? (typeof backend.weight === 'number' ? backend.weight : 100) : 0;
    };
    const total = weightOf(services.canary) + weightOf(services.stable);
    const share = total === 0 ? 0 : Math.round((weightOf(services.canary) * 100) / total);
    routes.push({ where: `${describeRef(ref)} spec.http[${index}]`, canaryWeight: share, stableWeight: 100 - share });
  });
  const present = managedRouteNames(rollout).filter((name) => {
    const found = objects.headerRoutes.get(name);
    return found !== undefined && controlledBy(found, rollout);
  });
  return { ...inPlaceFrom(routes, problems), headerRoutes: present };
}
