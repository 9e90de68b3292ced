// The pure core of the Gateway API router (Argo's argoproj-labs/gatewayAPI plugin, built in):
// (rollout, desired traffic, the routes as read) -> the routes to write. On every route it names, the
// backendRefs of the stable and canary Services get the weights (stable 100 - w, canary w) in every
// rule but the managed ones; on the routes that take header routes (useHeaderRoutes, or the one route
// named alone) each managed route in place is a rule named after it, after the other rules, in the
// order of trafficRouting.managedRoutes. Any problem anywhere means nothing is written.
import { gatewayApiConfigOf, type GatewayRouteRef } from '../../../api/gateway-api-config.ts';
import { formatPath } from '../../../api/manifests/field-path.ts';
import { jsonEqual } from '../../../api/json-equal.ts';
import { routedServiceRoles, type ServiceRoles } from '../../../api/ping-pong.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { describeRef, type RouteObject, type RouteObjectRef } from '../../route-objects.ts';
import type { ObjectWrite } from '../../staged.ts';
import { headerRule, mirrorRule } from './rules.ts';
import type { BackendRef, GatewayRoute, RouteRule } from './types.ts';

export interface GatewayRoutes {
  /** The routes read, by describeRef of their reference (missing ones left out). */
  found: Map<string, RouteObject>;
}

export interface GatewayPlan {
  writes: ObjectWrite[];
  problems: TrafficProblem[];
}

export function routeRefOf(ref: GatewayRouteRef): RouteObjectRef {
  return { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

/** The routes the Rollout names, as the store reads them. */
export function gatewayRouteRefsOf(rollout: Rollout): RouteObjectRef[] {
  return (gatewayApiConfigOf(rollout)?.routes ?? []).map(routeRefOf);
}

export function servicesOf(rollout: Rollout, desired?: DesiredTraffic): ServiceRoles {
  return desired?.services ?? routedServiceRoles(rollout, rollout.status?.canary?.stablePingPong);
}

export function managedNames(rollout: Rollout): string[] {
  return (rollout.spec.strategy?.canary?.trafficRouting?.managedRoutes ?? []).map((route) => route.name);
}

const isService = (ref: { group?: string; kind?: string }) =>
  (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';

/** Whether a rule sends traffic to the Service `name`. */
export function refersTo(rule: RouteRule, name: string): boolean {
  return (rule.backendRefs ?? []).some((ref) => ref.name === name && isService(ref));
}

function rolloutLabel(rollout: Rollout): string {
  return `Rollout ${rollout.metadata.namespace ?? 'default'}/${rollout.metadata.name ?? ''}`;
}

function desiredProblems(rollout: Rollout, desired: DesiredTraffic): TrafficProblem[] {
  const weight = desired.canaryWeight;
  if (Number.isInteger(weight) && weight >= 0 && weight <= 100) return [];
  return [
    {
      object: rolloutLabel(rollout),
      path: 'canaryWeight',
      message: `the canary weight ${weight} is not a whole number between 0 and 100`,
    },
  ];
}

/** The rules of one route with the weights and managed rules of `desired`; a problem when it cannot be routed. */
function plannedRules(
  route: GatewayRoute,
  ref: GatewayRouteRef,
  desired: DesiredTraffic,
  services: ServiceRoles,
  managed: string[],
): RouteRule[] | TrafficProblem {
  const object = describeRef(routeRefOf(ref));
  const problem = (path: string, message: string): TrafficProblem => ({ object, path, message });
  const rules = (route.spec?.rules ?? []).filter((rule) => rule.name === undefined || !managed.includes(rule.name));
  const { stable, canary } = services;
  if (!rules.some((rule) => refersTo(rule, canary)) || !rules.some((rule) => refersTo(rule, stable)))
    return problem(
      'spec.rules',
      `no rule sends traffic to both the stable Service "${stable}" and the canary Service "${canary}": add a rule with both as backendRefs (the canary with weight 0)`,
    );
  const weighted = rules.map((rule) => {
    if (!rule.backendRefs) return rule;
    const backendRefs = rule.backendRefs.map((backend) => {
      if (!isService(backend)) return backend;
      if (backend.name === canary) return { ...backend, weight: desired.canaryWeight };
      if (backend.name === stable) return { ...backend, weight: 100 - desired.canaryWeight };
      return backend;
    });
    return { ...rule, backendRefs };
  });
  const takesManaged = ref.useHeaderRoutes && ref.kind !== 'TCPRoute';
  if (!takesManaged) return weighted;
  const base = weighted.find((rule) => refersTo(rule, canary) && refersTo(rule, stable));
  if (!base) return weighted; // not reached: checked above that both are referenced (perhaps in two rules)
  const added: RouteRule[] = [];
  for (const header of desired.headerRoutes) {
    const rule = headerRule(header, ref.kind === 'GRPCRoute' ? 'GRPCRoute' : 'HTTPRoute', base, canary);
    if (typeof rule === 'string') return problem('spec.rules', rule);
    added.push(rule);
  }
  if (ref.kind === 'HTTPRoute') {
    for (const mirror of desired.mirrorRoutes) {
      const rule = mirrorRule(mirror, base, canary);
      if (typeof rule === 'string') return problem('spec.rules', rule);
      added.push(rule);
    }
  }
  const order = (rule: RouteRule) => managed.indexOf(rule.name ?? '');
  added.sort((a, b) => order(a) - order(b));
  return [...weighted, ...added];
}

/**
 * Rules as the API server stores them once its schema defaults are applied (a backendRef's group ""
 * kind Service weight 1, a rule's match on the path prefix "/", a header match Exact): what the
 * router wrote reads back with them, and must compare equal to what it would write again.
 */
export function withDefaults(rules: readonly RouteRule[]): RouteRule[] {
  const backend = (ref: BackendRef): BackendRef => ({ group: '', kind: 'Service', weight: 1, ...ref });
  return rules.map((rule) => ({
    ...rule,
    matches: (rule.matches ?? [{}]).map((match) => ({
      ...match,
      ...(match.method === undefined || typeof match.method === 'string'
        ? { path: { type: 'PathPrefix', value: '/', ...match.path } }
        : {}),
      ...(match.headers ? { headers: match.headers.map((header) => ({ type: 'Exact', ...header })) } : {}),
    })),
    ...(rule.backendRefs ? { backendRefs: rule.backendRefs.map(backend) } : {}),
    ...(rule.filters
      ? {
          filters: rule.filters.map((filter) =>
            filter.requestMirror
              ? {
                  ...filter,
                  requestMirror: {
                    ...filter.requestMirror,
                    backendRef: { group: '', kind: 'Service', ...filter.requestMirror.backendRef },
                  },
                }
              : filter,
          ),
        }
      : {}),
  }));
}

export function planGatewayTraffic(rollout: Rollout, desired: DesiredTraffic, current: GatewayRoutes): GatewayPlan {
  const config = gatewayApiConfigOf(rollout);
  const problems: TrafficProblem[] = desiredProblems(rollout, desired);
  if (!config) return { writes: [], problems };
  for (const problem of config.problems)
    problems.push({ object: rolloutLabel(rollout), path: formatPath(problem.path), message: problem.message });
  const managed = managedNames(rollout);
  const services = servicesOf(rollout, desired);
  const routed = desired.headerRoutes.length + desired.mirrorRoutes.length > 0;
  if (routed && !config.routes.some((ref) => ref.useHeaderRoutes && ref.kind !== 'TCPRoute'))
    problems.push({
      object: rolloutLabel(rollout),
      path: formatPath(['spec', 'strategy', 'canary', 'trafficRouting', 'plugins', 'argoproj-labs/gatewayAPI']),
      message:
        'header and mirror routes need an HTTPRoute or GRPCRoute that takes them: set useHeaderRoutes: true on one',
    });
  if (desired.mirrorRoutes.length > 0 && !config.routes.some((ref) => ref.useHeaderRoutes && ref.kind === 'HTTPRoute'))
    problems.push({
      object: rolloutLabel(rollout),
      path: formatPath(['spec', 'strategy', 'canary', 'trafficRouting', 'plugins', 'argoproj-labs/gatewayAPI']),
      message: 'mirror routes need an HTTPRoute that takes them (useHeaderRoutes: true)',
    });
  const writes: ObjectWrite[] = [];
  for (const ref of config.routes) {
    const key = describeRef(routeRefOf(ref));
    const before = current.found.get(key);
    if (!before) {
      problems.push({
        object: key,
        path: '',
        message: `not found: create it, or fix ${formatPath(ref.path)} of ${rolloutLabel(rollout)}`,
      });
      continue;
    }
    // The store holds any route kind; one named under the plugin's fields is a Gateway API route.
    const route = before as unknown as GatewayRoute;
    const rules = plannedRules(route, ref, desired, services, managed);
    if (!Array.isArray(rules)) {
      problems.push(rules);
      continue;
    }
    if (jsonEqual(withDefaults(rules), withDefaults(route.spec?.rules ?? []))) continue;
    const after = structuredClone(before);
    after.spec = { ...(route.spec ?? {}), rules };
    writes.push({ before, after });
  }
  return problems.length > 0 ? { writes: [], problems } : { writes, problems: [] };
}
