// Managed http routes: the routes that setHeaderRoute and setMirrorRoute steps add. They are named
// after the step's route, placed ahead of every other http route in the order of
// spec.strategy.canary.trafficRouting.managedRoutes, and removed when the desired state no longer
// lists them (the end of the rollout, an abort). Routes the user wrote are never touched here.
import type { HeaderRoutingMatch, RouteMatch, StringMatch } from '../../../api/types/rollout.ts';
import type { HeaderRoute, MirrorRoute } from '../../desired.ts';
import { routeName } from './http-routes.ts';

export interface CanaryTarget {
  host: string;
  subset?: string;
  port?: number;
}

/** Where managed routes send (or mirror) requests: the canary Service, or the canary subset of the DestinationRule's host. */
export function canaryTarget(canaryHost: string, canarySubset: string | undefined, weighted: unknown[]): CanaryTarget {
  const target: CanaryTarget = { host: canaryHost };
  if (canarySubset) target.subset = canarySubset;
  const first = weighted[0] as { destination?: { port?: { number?: unknown } } } | undefined;
  const port = first?.destination?.port?.number;
  if (typeof port === 'number' && port > 0) target.port = port;
  return target;
}

function destinationOf(target: CanaryTarget): Record<string, unknown> {
  const destination: Record<string, unknown> = { host: target.host };
  if (target.subset) destination.subset = target.subset;
  if (target.port !== undefined) destination.port = { number: target.port };
  return destination;
}

function stringMatch(value: StringMatch | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  const result: Record<string, string> = {};
  if (value.exact) result.exact = value.exact;
  if (value.regex) result.regex = value.regex;
  if (value.prefix) result.prefix = value.prefix;
  return result;
}

/** One match entry per header condition: Istio ORs the entries, as Argo Rollouts writes them. */
function headerMatches(match: HeaderRoutingMatch[]): unknown[] {
  return match.map((condition) => ({ headers: { [condition.headerName]: stringMatch(condition.headerValue) ?? {} } }));
}

function mirrorMatches(match: RouteMatch[]): unknown[] {
  return match.map((condition) => {
    const entry: Record<string, unknown> = {};
    const method = stringMatch(condition.method);
    const uri = stringMatch(condition.path);
    if (method) entry.method = method;
    if (uri) entry.uri = uri;
    if (condition.headers) {
      entry.headers = Object.fromEntries(
        Object.entries(condition.headers).map(([name, value]) => [name, stringMatch(value) ?? {}]),
      );
    }
    return entry;
  });
}

/** The http route of a header route: its matches, 100% to the canary. */
export function headerRouteEntry(route: HeaderRoute, target: CanaryTarget): Record<string, unknown> {
  return {
    name: route.name,
    match: headerMatches(route.match),
    route: [{ destination: destinationOf(target), weight: 100 }],
  };
}

/**
 * The http route of a mirror route: its matches, the same weighted destinations as the main
 * weighted route (so matching requests keep the canary/stable split), and a copy of `percentage`
 * of them sent to the canary.
 */
export function mirrorRouteEntry(
  route: MirrorRoute,
  weighted: unknown[],
  target: CanaryTarget,
): Record<string, unknown> {
  return {
    name: route.name,
    match: mirrorMatches(route.match),
    route: structuredClone(weighted),
    mirror: destinationOf(target),
    mirrorPercentage: { value: route.percentage },
  };
}

/** The http routes with every managed route taken out and the wanted ones put first, in managedRoutes order. */
export function placeManagedRoutes(
  http: unknown[],
  managedNames: readonly string[],
  wanted: Array<Record<string, unknown>>,
): unknown[] {
  const managed = new Set(managedNames);
  const others = http.filter((route) => !managed.has(routeName(route) ?? '\u0000'));
  const rank = (entry: Record<string, unknown>) => managedNames.indexOf(String(entry.name));
  const ordered = [...wanted].sort((a, b) => rank(a) - rank(b));
  return [...ordered, ...others];
}
