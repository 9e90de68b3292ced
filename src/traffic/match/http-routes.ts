// The routing decision of a Gateway API gateway for one HTTP request over the stored HTTPRoutes, as
// the specification defines it: the routes whose hostnames take the request's host (every host when
// a route has none), the rule matches that hold (path, method, headers, query parameters, all of
// one match), and among them the one with precedence: an Exact path, then the longest PathPrefix,
// then a regular expression; then a method match; then the most header matches; then the most query
// matches; then the oldest route, its namespace/name, and the first rule. A backendRef is picked by
// weight (default 1), and each RequestMirror filter copies the request with its percentage. Pure:
// the caller supplies the random numbers.
import type { GatewayRoute, HeaderMatch, HTTPRouteMatch, RouteRule } from '../routers/gateway-api/types.ts';
import type { MeshService, ResolvedDestination } from './destinations.ts';
import { normalizeHost } from './hosts.ts';
import { pathOnly, queryOf, type MeshRequest } from './request-match.ts';
import { fullRegex } from './string-match.ts';

export type HttpRouteDecision =
  | {
      kind: 'route';
      httpRoute: string;
      routeName?: string;
      destination: ResolvedDestination;
      mirrors: ResolvedDestination[];
    }
  | { kind: 'no-route'; status: 404; reason: string }
  | { kind: 'unavailable'; status: 503; reason: string };

interface QueryMatch {
  type?: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

function label(route: GatewayRoute): string {
  return `${route.metadata.namespace ?? 'default'}/${route.metadata.name ?? ''}`;
}

/** Whether a route hostname (`web.example.com`, `*.example.com`) takes `host`. */
function hostnameTakes(hostname: string, host: string): boolean {
  const wanted = hostname.toLowerCase();
  if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1;
  return wanted === host;
}

export function routeTakesHost(route: GatewayRoute, host: string): boolean {
  const hostnames = (route.spec?.['hostnames'] as string[] | undefined) ?? [];
  const bare = normalizeHost(host);
  return hostnames.length === 0 || hostnames.some((hostname) => hostnameTakes(hostname, bare));
}

/** PathPrefix matches whole path elements: `/api` takes `/api` and `/api/v1`, not `/apis`. */
function prefixTakes(prefix: string, path: string): boolean {
  const trimmed = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (trimmed === '/') return true;
  return path === trimmed || path.startsWith(`${trimmed}/`);
}

function valueTakes(match: { type?: string; value: string }, value: string | undefined): boolean {
  if (value === undefined) return false;
  if ((match.type ?? 'Exact') === 'Exact') return value === match.value;
  return fullRegex(match.value)?.test(value) ?? false;
}

/** The precedence of a match that holds (larger wins), or undefined when it does not hold. */
function precedenceOf(match: HTTPRouteMatch, request: MeshRequest): number[] | undefined {
  const path = pathOnly(request.path);
  const pathMatch = { type: 'PathPrefix', value: '/', ...match.path };
  let pathRank: number;
  let pathLength = 0;
  if (pathMatch.type === 'Exact') {
    if (path !== pathMatch.value) return undefined;
    pathRank = 3;
    pathLength = pathMatch.value.length;
  } else if (pathMatch.type === 'PathPrefix') {
    if (!prefixTakes(pathMatch.value, path)) return undefined;
    pathRank = 2;
    pathLength = pathMatch.value.length;
  } else {
    if (!(fullRegex(pathMatch.value)?.test(path) ?? false)) return undefined;
    pathRank = 1;
  }
  if (match.method !== undefined && match.method !== request.method) return undefined;
  const headers = new Map(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const headerMatches: HeaderMatch[] = match.headers ?? [];
  if (!headerMatches.every((header) => valueTakes(header, headers.get(header.name.toLowerCase())))) return undefined;
  const query = queryOf(request.path);
  const queryMatches = (match.queryParams ?? []) as QueryMatch[];
  if (!queryMatches.every((param) => valueTakes(param, query.get(param.name)))) return undefined;
  return [pathRank, pathLength, match.method === undefined ? 0 : 1, headerMatches.length, queryMatches.length];
}

function better(a: number[], b: number[]): boolean {
  for (let index = 0; index < a.length; index++)
    if ((a[index] ?? 0) !== (b[index] ?? 0)) return (a[index] ?? 0) > (b[index] ?? 0);
  return false;
}

/** Oldest first, then by namespace/name: the order ties between routes are broken in. */
export function routePrecedence(routes: readonly GatewayRoute[]): GatewayRoute[] {
  return [...routes].sort((a, b) => {
    const ta = (a.metadata['creationTimestamp'] as string | undefined) ?? '';
    const tb = (b.metadata['creationTimestamp'] as string | undefined) ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0;
  });
}

function resolveBackend(
  ref: { name: string; namespace?: string; port?: number; group?: string; kind?: string },
  namespace: string,
  services: readonly MeshService[],
): ResolvedDestination | string {
  const serviceNamespace = ref.namespace ?? namespace;
  if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service')
    return `backendRef ${ref.kind}/${ref.name} is not a Service: the local gateway routes to Services only`;
  const service = services.find((item) => item.name === ref.name && item.namespace === serviceNamespace);
  if (!service) return `no Service ${serviceNamespace}/${ref.name} for the backendRef`;
  return {
    host: `${service.name}.${service.namespace}.svc.cluster.local`,
    ...(ref.port === undefined ? {} : { port: ref.port }),
    service: { name: service.name, namespace: service.namespace },
    selector: { ...service.selector },
  };
}

function mirrorPercent(filter: NonNullable<RouteRule['filters']>[number]): number {
  const mirror = filter.requestMirror;
  if (mirror?.percent !== undefined) return mirror.percent;
  if (mirror?.fraction) return (100 * mirror.fraction.numerator) / (mirror.fraction.denominator ?? 100);
  return 100;
}

/**
 * The decision of the HTTPRoutes for `request`; undefined when no route takes its host (the caller
 * routes it otherwise). `routes` in any order.
 */
export function matchHttpRoutes(
  request: MeshRequest,
  routes: readonly GatewayRoute[],
  services: readonly MeshService[],
  rolls: { route: number; mirror: number },
  pickWeighted: (weights: readonly number[], roll: number) => number | undefined,
): HttpRouteDecision | undefined {
  const taking = routePrecedence(routes).filter((route) => routeTakesHost(route, request.host));
  if (taking.length === 0) return undefined;
  let best: { route: GatewayRoute; rule: RouteRule; key: number[] } | undefined;
  for (const route of taking) {
    for (const rule of route.spec?.rules ?? []) {
      for (const match of rule.matches ?? [{}]) {
        const key = precedenceOf(match, request);
        if (key && (!best || better(key, best.key))) best = { route, rule, key };
      }
    }
  }
  if (!best)
    return {
      kind: 'no-route',
      status: 404,
      reason: `no rule of the HTTPRoutes for host '${normalizeHost(request.host)}' matches ${request.method} ${request.path}`,
    };
  const { route, rule } = best;
  const namespace = route.metadata.namespace ?? 'default';
  const backends = rule.backendRefs ?? [];
  const index = pickWeighted(
    backends.map((backend) => backend.weight ?? 1),
    rolls.route,
  );
  const chosen = index === undefined ? undefined : backends[index];
  const named = rule.name ? { routeName: rule.name } : {};
  if (!chosen || (chosen.weight ?? 1) <= 0)
    return {
      kind: 'unavailable',
      status: 503,
      reason: `rule ${rule.name ?? '(unnamed)'} of HTTPRoute ${label(route)} has no backendRef with a weight above 0`,
    };
  const destination = resolveBackend(chosen, namespace, services);
  if (typeof destination === 'string') return { kind: 'unavailable', status: 503, reason: destination };
  const mirrors: ResolvedDestination[] = [];
  for (const filter of rule.filters ?? []) {
    if (filter.type !== 'RequestMirror' || !filter.requestMirror) continue;
    if (rolls.mirror >= mirrorPercent(filter)) continue;
    const mirror = resolveBackend(filter.requestMirror.backendRef, namespace, services);
    if (typeof mirror !== 'string') mirrors.push(mirror);
  }
  return { kind: 'route', httpRoute: label(route), ...named, destination, mirrors };
}
