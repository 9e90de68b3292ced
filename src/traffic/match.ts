// The mesh's routing decision for one HTTP request, as Istio's proxies make it: find the
// VirtualService for the Host, take its first http route whose match applies, pick a destination by
// weight, and decide whether to mirror. Pure: the caller supplies the random numbers (each in
// [0, 100)), so the same inputs always give the same answer.
import type { DestinationRule, HTTPRoute, VirtualService } from '../api/types/istio.ts';
import { resolveDestination, type MeshService, type ResolvedDestination } from './match/destinations.ts';
import { hostForms, hostMatchScore, serviceOfFqdn } from './match/hosts.ts';
import { gatewaysAllow, routeMatches, type MeshRequest } from './match/request-match.ts';
import { matchHttpRoutes } from './match/http-routes.ts';
import type { GatewayRoute } from './routers/gateway-api/types.ts';

export type { MeshRequest } from './match/request-match.ts';
export type { MeshService, ResolvedDestination } from './match/destinations.ts';
export type { GatewayRoute } from './routers/gateway-api/types.ts';
export { normalizeHost } from './match/hosts.ts';

export interface MeshConfig {
  /** In precedence order (Istio: oldest first) when several claim the same host. */
  virtualServices: readonly VirtualService[];
  destinationRules: readonly DestinationRule[];
  services: readonly MeshService[];
  /** Gateway API HTTPRoutes: they take the hosts no VirtualService claims. */
  httpRoutes?: readonly GatewayRoute[];
}

export interface Rolls {
  /** Chooses among weighted destinations. */
  route: number;
  /** Decides mirroring: mirrored when below the mirror percentage. */
  mirror: number;
}

export type RouteDecision =
  | {
      kind: 'route';
      virtualService?: string;
      /** The HTTPRoute (`namespace/name`) that routed the request, when one did. */
      httpRoute?: string;
      routeName?: string;
      destination: ResolvedDestination;
      mirrors: ResolvedDestination[];
    }
  | { kind: 'redirect'; virtualService: string; routeName?: string; redirect: Record<string, unknown> }
  | { kind: 'direct-response'; virtualService: string; routeName?: string; directResponse: Record<string, unknown> }
  /** Istio answers 404: a VirtualService claims the host but no route matches, or nothing serves the host. */
  | { kind: 'no-route'; status: 404; reason: string }
  /** Istio answers 503: the route's destination cannot be served (unknown subset, all weights 0). */
  | { kind: 'unavailable'; status: 503; reason: string };

function label(vs: VirtualService): string {
  return `${vs.metadata.namespace ?? 'default'}/${vs.metadata.name ?? ''}`;
}

function virtualServiceFor(request: MeshRequest, config: MeshConfig): VirtualService | undefined {
  const forms = hostForms(request.host, request.sourceNamespace ?? 'default');
  let best: { vs: VirtualService; score: number } | undefined;
  for (const vs of config.virtualServices) {
    if (
      !gatewaysAllow(vs.spec.gateways, request) &&
      !(vs.spec.http ?? []).some((r) => r.match?.some((m) => m.gateways))
    )
      continue;
    for (const host of vs.spec.hosts ?? []) {
      const score = hostMatchScore(host, vs.metadata.namespace ?? 'default', forms);
      if (score !== undefined && (!best || score > best.score)) best = { vs, score };
    }
  }
  return best?.vs;
}

/** Index of the destination the roll lands on, weights taken relative to their total. */
export function pickWeighted(weights: readonly number[], roll: number): number | undefined {
  if (weights.length === 1) return 0;
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  if (total <= 0) return undefined;
  const point = (Math.min(Math.max(roll, 0), 99.999999) / 100) * total;
  let cumulative = 0;
  for (const [index, weight] of weights.entries()) {
    cumulative += Math.max(0, weight);
    if (point < cumulative) return index;
  }
  return weights.length - 1;
}

function mirrorsOf(
  route: HTTPRoute,
  roll: number,
): Array<{ host: string; subset?: string; port?: { number?: number } }> {
  const mirrors: Array<{ host: string; subset?: string; port?: { number?: number } }> = [];
  if (route.mirror && roll < (route.mirrorPercentage?.value ?? 100)) mirrors.push(route.mirror);
  for (const m of route.mirrors ?? []) if (roll < (m.percentage?.value ?? 100)) mirrors.push(m.destination);
  return mirrors;
}

function decideRoute(vs: VirtualService, route: HTTPRoute, config: MeshConfig, rolls: Rolls): RouteDecision {
  const namespace = vs.metadata.namespace ?? 'default';
  const named = route.name ? { routeName: route.name } : {};
  if (route.redirect)
    return {
      kind: 'redirect',
      virtualService: label(vs),
      ...named,
      redirect: route.redirect as Record<string, unknown>,
    };
  if (route.directResponse)
    return {
      kind: 'direct-response',
      virtualService: label(vs),
      ...named,
      directResponse: route.directResponse as Record<string, unknown>,
    };
  const destinations = route.route ?? [];
  const index = pickWeighted(
    destinations.map((d) => (typeof d.weight === 'number' ? d.weight : 0)),
    rolls.route,
  );
  const chosen = index === undefined ? undefined : destinations[index];
  if (!chosen)
    return {
      kind: 'unavailable',
      status: 503,
      reason: `route ${route.name ?? '(unnamed)'} of VirtualService ${label(vs)} has no destination with a weight above 0`,
    };
  const resolved = resolveDestination(chosen.destination, namespace, config.services, config.destinationRules);
  if (!resolved.ok) return { kind: 'unavailable', status: 503, reason: resolved.reason };
  const mirrors: ResolvedDestination[] = [];
  for (const mirror of mirrorsOf(route, rolls.mirror)) {
    const m = resolveDestination(mirror, namespace, config.services, config.destinationRules);
    if (m.ok) mirrors.push(m.destination);
  }
  return { kind: 'route', virtualService: label(vs), ...named, destination: resolved.destination, mirrors };
}

export function matchRequest(request: MeshRequest, config: MeshConfig, rolls: Rolls): RouteDecision {
  const vs = virtualServiceFor(request, config);
  if (!vs) {
    const byHttpRoute = matchHttpRoutes(request, config.httpRoutes ?? [], config.services, rolls, pickWeighted);
    if (byHttpRoute) return byHttpRoute;
    for (const form of hostForms(request.host, request.sourceNamespace ?? 'default')) {
      const id = serviceOfFqdn(form);
      const service = id && config.services.find((s) => s.name === id.name && s.namespace === id.namespace);
      if (service) {
        const destination: ResolvedDestination = {
          host: request.host,
          service: { name: service.name, namespace: service.namespace },
          selector: { ...service.selector },
        };
        return { kind: 'route', destination, mirrors: [] };
      }
    }
    return { kind: 'no-route', status: 404, reason: `no VirtualService or Service for host '${request.host}'` };
  }
  for (const route of vs.spec.http ?? []) {
    if (routeMatches(route.match, request, vs.spec.gateways)) return decideRoute(vs, route, config, rolls);
  }
  return {
    kind: 'no-route',
    status: 404,
    reason: `no http route of VirtualService ${label(vs)} matches ${request.method} ${request.path}`,
  };
}
