// The one place routers are made: for each router a Rollout's trafficRouting names, its factory
// over the stores the runtime has, and several of them as one all-or-nothing router. Both runtimes'
// `routerFor` call trafficRoutersFor, so a new router is added here (and its name in
// src/api/traffic-routers.ts, which types this table: neither can be left out).
import { isImplementedRouter, routersNamed, type ImplementedRouter } from '../api/traffic-routers.ts';
import type { Rollout } from '../api/types/rollout.ts';
import { createCompositeTrafficRouter } from './composite.ts';
import type { RouteObjectRef, RouteObjectStore } from './route-objects.ts';
import type { TrafficRouter } from './router.ts';
import type { IstioObjectStore } from './routers/istio/istio-router.ts';
import { createGatewayApiTrafficRouter } from './routers/gateway-api/gateway-api-router.ts';
import { gatewayRouteRefsOf } from './routers/gateway-api/plan.ts';
import { createStagedIstioRouter } from './routers/istio-staged.ts';
import { createAlbTrafficRouter } from './routers/alb/alb-router.ts';
import { createNginxTrafficRouter } from './routers/nginx/nginx-router.ts';
import { createAmbassadorTrafficRouter } from './routers/ambassador/ambassador-router.ts';
import { createApisixTrafficRouter } from './routers/apisix/apisix-router.ts';
import { createAppMeshTrafficRouter } from './routers/appmesh/appmesh-router.ts';
import { createOpenshiftTrafficRouter } from './routers/openshift/openshift-router.ts';
import { createSmiTrafficRouter } from './routers/smi/smi-router.ts';
import { createTraefikTrafficRouter } from './routers/traefik/traefik-router.ts';
import { createNoTrafficRouter } from './routers/none.ts';
import { baseMappingRefs, canaryMappingRef } from './routers/ambassador/plan.ts';
import { apisixRouteRef, managedRouteNames } from './routers/apisix/plan.ts';
import { virtualNodeRefs } from './routers/appmesh/plan.ts';
import { openshiftRouteRefs } from './routers/openshift/plan.ts';
import { albIngressNames } from './routers/alb/plan.ts';
import { nginxIngressNames } from './routers/nginx/plan.ts';
import { trafficSplitRef } from './routers/smi/plan.ts';
import { TRAEFIK_API_VERSIONS, traefikServiceRef } from './routers/traefik/plan.ts';
import type { StagedTrafficRouter } from './staged.ts';

/** The stores a runtime routes through. */
export interface RouterStores {
  istio: IstioObjectStore;
  /** Every other router's provider objects (Ingresses, HTTPRoutes, TrafficSplits, ...). */
  routeObjects: RouteObjectStore;
}

export interface RouterOptions {
  /**
   * True when the objects in the stores are exactly what serves traffic (the local runtime's proxy
   * routes from its store), so reading them back verifies; false on a cluster, where a provider's
   * data plane cannot be seen from its objects ('cannot-verify').
   */
  storeIsServed?: boolean;
}

export type RouterFactory = (rollout: Rollout, stores: RouterStores, options: RouterOptions) => StagedTrafficRouter;

/** Every router sluice routes with, by the name trafficRouting gives it. */
const FACTORIES: Record<ImplementedRouter, RouterFactory> = {
  istio: (rollout, stores, options) => createStagedIstioRouter(rollout, stores.istio, options),
  smi: (rollout, stores) => createSmiTrafficRouter(rollout, stores.routeObjects),
  traefik: (rollout, stores) => createTraefikTrafficRouter(rollout, stores.routeObjects),
  ambassador: (rollout, stores) => createAmbassadorTrafficRouter(rollout, stores.routeObjects),
  apisix: (rollout, stores) => createApisixTrafficRouter(rollout, stores.routeObjects),
  appMesh: (rollout, stores) => createAppMeshTrafficRouter(rollout, stores.routeObjects),
  'argoproj-labs/openshift': (rollout, stores) => createOpenshiftTrafficRouter(rollout, stores.routeObjects),
  'argoproj-labs/gatewayAPI': (rollout, stores, options) =>
    createGatewayApiTrafficRouter(rollout, stores.routeObjects, options),
  nginx: (rollout, stores, options) => createNginxTrafficRouter(rollout, stores.routeObjects, options),
  alb: (rollout, stores) => createAlbTrafficRouter(rollout, stores.routeObjects),
};

/**
 * The rollout's TrafficRouter: none without trafficRouting (replica-based canary), the router it
 * names, or all it names as one (planned together, written all or nothing). A router sluice lacks
 * is not made: the capability table holds such a Rollout before anything routes it.
 */
export function trafficRoutersFor(rollout: Rollout, stores: RouterStores, options: RouterOptions = {}): TrafficRouter {
  const routers = routersNamed(rollout.spec.strategy?.canary?.trafficRouting)
    .map((router) => router.name)
    .filter(isImplementedRouter)
    .map((name) => FACTORIES[name](rollout, stores, options));
  if (routers.length === 0) return createNoTrafficRouter();
  if (routers.length === 1) return routers[0]!;
  return createCompositeTrafficRouter(routers);
}

/**
 * The provider objects each router reads, by the name trafficRouting gives it: a change to one of
 * them (someone re-applying an HTTPRoute) makes the controller look at the rollout again and put its
 * weights back. Istio's objects are watched on their own (istioRefsOf).
 */
const ROUTE_REFERENCES: Partial<Record<ImplementedRouter, (rollout: Rollout) => RouteObjectRef[]>> = {
  // Each stable Ingress and the canary Ingress made for it.
  nginx: (rollout) => ingressRefs(rollout, nginxIngressNames(rollout)),
  // The Ingresses whose action annotations the router writes.
  alb: (rollout) => ingressRefs(rollout, albIngressNames(rollout)),
  'argoproj-labs/gatewayAPI': gatewayRouteRefsOf,
  smi: (rollout) => [trafficSplitRef(rollout)],
  traefik: (rollout) => TRAEFIK_API_VERSIONS.map((apiVersion) => traefikServiceRef(rollout, apiVersion)),
  ambassador: (rollout) => baseMappingRefs(rollout).flatMap((ref) => [ref, canaryMappingRef(ref)]),
  apisix: (rollout) => [
    apisixRouteRef(rollout),
    ...managedRouteNames(rollout).map((name) => apisixRouteRef(rollout, name)),
  ],
  // The VirtualRouter is named by the VirtualService, not the Rollout: the router reads it each pass.
  appMesh: (rollout) => Object.values(virtualNodeRefs(rollout)),
  'argoproj-labs/openshift': openshiftRouteRefs,
};

function ingressRefs(rollout: Rollout, names: string[]): RouteObjectRef[] {
  const namespace = rollout.metadata.namespace ?? 'default';
  return names.map((name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace, name }));
}

/** The provider objects (other than Istio's) the routers of `rollout` read. */
export function routeObjectRefsFor(rollout: Rollout): RouteObjectRef[] {
  return routersNamed(rollout.spec.strategy?.canary?.trafficRouting)
    .map((router) => router.name)
    .filter(isImplementedRouter)
    .flatMap((name) => ROUTE_REFERENCES[name]?.(rollout) ?? []);
}
