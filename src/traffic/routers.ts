// The traffic routers a runtime makes per rollout: Istio's (over whichever store of VirtualServices
// and DestinationRules the runtime has) and none; and the Istio objects a rollout refers to.
export { createIstioTrafficRouter, type IstioObjectStore } from './routers/istio/istio-router.ts';
export { istioRefsOf } from './routers/istio/references.ts';
export { releasedDestinationRule } from './routers/istio/destination-rule.ts';
export { createNoTrafficRouter } from './routers/none.ts';
export { routeObjectRefsFor, trafficRoutersFor, type RouterStores, type RouterOptions } from './dispatch.ts';
export type { RouteObject, RouteObjectRef, RouteObjectStore } from './route-objects.ts';
