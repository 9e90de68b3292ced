// One VirtualService brought to the desired state: the weighted routes (http, tls, tcp) get the
// canary/stable weights and the managed header/mirror routes are put in place. The object is
// deep-cloned and only the entries concerned are edited, so every field sluice does not know about
// is kept as it was.
import type { VirtualService } from '../../../api/types/istio.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { httpPath, implicitHttpRoute, namedHttpRoutes, routeName } from './http-routes.ts';
import { canaryTarget, headerRouteEntry, mirrorRouteEntry, placeManagedRoutes } from './managed-routes.ts';
import { objectLabel, type IstioRefs, type VirtualServiceRef } from './references.ts';
import { routeDestinationProblems, weighDestinations, weightSumProblem } from './route-weights.ts';
import { matchingTcpRoutes, matchingTlsRoutes } from './tls-tcp-routes.ts';

export type RouteKind = 'http' | 'tls' | 'tcp';

export interface WeightedRoute {
  kind: RouteKind;
  index: number;
  path: string;
}

function listAt(spec: Record<string, unknown>, key: RouteKind): unknown[] | undefined {
  const value = spec[key];
  return Array.isArray(value) ? value : undefined;
}

/** The routes of this VirtualService whose weights the rollout controls. */
export function weightedRoutesOf(
  vs: VirtualService,
  ref: VirtualServiceRef,
  refs: IstioRefs,
): { routes: WeightedRoute[]; problems: TrafficProblem[] } {
  const object = objectLabel('VirtualService', ref.namespace, ref.name);
  const spec = (vs.spec ?? {}) as Record<string, unknown>;
  const http = listAt(spec, 'http') ?? [];
  const tls = listAt(spec, 'tls') ?? [];
  const tcp = listAt(spec, 'tcp') ?? [];
  const managed = new Set(refs.managedRoutes);
  const routes: WeightedRoute[] = [];
  const problems: TrafficProblem[] = [];
  const add = (kind: RouteKind, found: { indexes: number[]; problems: TrafficProblem[] }) => {
    problems.push(...found.problems);
    for (const index of found.indexes) {
      const path = kind === 'http' ? httpPath(http[index], index) : `spec.${kind}[${index}]`;
      routes.push({ kind, index, path });
    }
  };
  const namesNothing = ref.routes.length === 0 && ref.tlsRoutes.length === 0 && ref.tcpRoutes.length === 0;
  // As Argo: named http routes are looked up only when the VirtualService has an http section.
  if (ref.routes.length > 0 && listAt(spec, 'http') !== undefined) add('http', namedHttpRoutes(http, ref, object));
  if (ref.tlsRoutes.length > 0) add('tls', matchingTlsRoutes(tls, ref.tlsRoutes, object, ref.field));
  if (ref.tcpRoutes.length > 0) add('tcp', matchingTcpRoutes(tcp, ref.tcpRoutes, object, ref.field));
  if (namesNothing) {
    const implicit = implicitHttpRoute(http, managed, ref, object);
    if (implicit.indexes.length > 0 || implicit.problems.length > 0) add('http', implicit);
    else if (tls.length === 1) add('tls', { indexes: [0], problems: [] });
    else if (tcp.length === 1) add('tcp', { indexes: [0], problems: [] });
    else {
      problems.push({
        object,
        path: 'spec',
        message: `no route to weight: the VirtualService needs one http route (or a single tls/tcp route), or ${ref.field} must name its routes`,
      });
    }
  }
  for (const route of routes) {
    const name = route.kind === 'http' ? routeName(http[route.index]) : undefined;
    if (name && managed.has(name)) {
      problems.push({
        object,
        path: route.path,
        message: `the route '${name}' is listed both as a weighted route and in spec.strategy.canary.trafficRouting.managedRoutes: managed routes belong to header and mirror steps only`,
      });
    }
  }
  return { routes, problems };
}

export interface VirtualServiceUpdate {
  virtualService: VirtualService;
  problems: TrafficProblem[];
}

/**
 * A clone of `current` in the desired state. `canaryHost`/`canarySubset` say where managed routes
 * send requests (the canary Service, or the DestinationRule host and its canary subset).
 */
export function updateVirtualService(
  current: VirtualService,
  ref: VirtualServiceRef,
  refs: IstioRefs,
  desired: DesiredTraffic,
  canaryHost: string,
): VirtualServiceUpdate {
  const object = objectLabel('VirtualService', ref.namespace, ref.name);
  const selected = weightedRoutesOf(current, ref, refs);
  if (selected.problems.length > 0) return { virtualService: current, problems: selected.problems };

  const next = structuredClone(current);
  const spec = next.spec as Record<string, unknown>;
  const problems: TrafficProblem[] = [];
  let firstHttpWeighted: unknown[] | undefined;
  for (const route of selected.routes) {
    const entry = listAt(spec, route.kind)?.[route.index] as Record<string, unknown>;
    const destinationProblems = routeDestinationProblems(entry.route, refs, object, `${route.path}.route`);
    if (destinationProblems.length > 0) {
      problems.push(...destinationProblems);
      continue;
    }
    const weighted = weighDestinations(entry.route as unknown[], refs, desired.canaryWeight, desired.additional);
    const sumProblem = weightSumProblem(weighted, object, `${route.path}.route`);
    if (sumProblem) problems.push(sumProblem);
    entry.route = weighted;
    if (route.kind === 'http' && !firstHttpWeighted) firstHttpWeighted = weighted;
  }
  problems.push(...placeManaged(spec, refs, desired, firstHttpWeighted, canaryHost, object));
  if (problems.length > 0) return { virtualService: current, problems };
  return { virtualService: next, problems };
}

function placeManaged(
  spec: Record<string, unknown>,
  refs: IstioRefs,
  desired: DesiredTraffic,
  weighted: unknown[] | undefined,
  canaryHost: string,
  object: string,
): TrafficProblem[] {
  const wantedNames = [...desired.headerRoutes, ...desired.mirrorRoutes].map((route) => route.name);
  const problems: TrafficProblem[] = [];
  for (const name of wantedNames) {
    if (!refs.managedRoutes.includes(name)) {
      problems.push({
        object,
        path: 'spec.http',
        message: `the route '${name}' of a setHeaderRoute/setMirrorRoute step is not listed in spec.strategy.canary.trafficRouting.managedRoutes: add it there`,
      });
    }
  }
  const http = listAt(spec, 'http');
  if (wantedNames.length > 0 && (!http || !weighted)) {
    problems.push({
      object,
      path: 'spec.http',
      message: 'header and mirror routes need a weighted http route in this VirtualService: name one in the rollout',
    });
  }
  if (wantedNames.length > 0 && !canaryHost) {
    problems.push({
      object,
      path: 'spec.http',
      message:
        'header and mirror routes need the canary host: set spec.strategy.canary.canaryService, or spec.host of the DestinationRule',
    });
  }
  if (problems.length > 0 || !http || refs.managedRoutes.length === 0) return problems;
  const target = canaryTarget(canaryHost, refs.destinationRule?.canarySubsetName, weighted ?? []);
  const wanted = [
    ...desired.headerRoutes.map((route) => headerRouteEntry(route, target)),
    ...desired.mirrorRoutes.map((route) => mirrorRouteEntry(route, weighted ?? [], target)),
  ];
  spec.http = placeManagedRoutes(http, refs.managedRoutes, wanted);
  return problems;
}
