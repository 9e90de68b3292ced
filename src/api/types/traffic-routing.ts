// spec.strategy.canary.trafficRouting. Istio is implemented; the other providers are accepted
// by the model so manifests validate, and refused by the engine with a clear condition.

export interface IstioTLSRoute {
  port?: number;
  sniHosts?: string[];
}

export interface IstioVirtualServiceRef {
  name: string;
  routes?: string[];
  tlsRoutes?: IstioTLSRoute[];
  tcpRoutes?: Array<{ port?: number }>;
}

export interface IstioDestinationRuleRef {
  name: string;
  canarySubsetName: string;
  stableSubsetName: string;
  additionalSubsetNames?: string[];
}

export interface IstioTrafficRouting {
  virtualService?: IstioVirtualServiceRef;
  virtualServices?: IstioVirtualServiceRef[];
  destinationRule?: IstioDestinationRuleRef;
}

/** trafficRouting.smi: the TrafficSplit the rollout owns (created when missing). */
export interface SmiTrafficRouting {
  /** The Service the split applies to; the stableService when left out. */
  rootService?: string;
  /** The TrafficSplit's name; the Rollout's name when left out. */
  trafficSplitName?: string;
}

/** trafficRouting.traefik: the TraefikService whose spec.weighted.services are weighed. */
export interface TraefikTrafficRouting {
  weightedTraefikServiceName: string;
}

/** trafficRouting.ambassador: the Mappings each given a `<name>-canary` Mapping while the canary runs. */
export interface AmbassadorTrafficRouting {
  mappings: string[];
}

/** trafficRouting.apisix: the ApisixRoute and the HTTP rules in it that are weighed. */
export interface ApisixTrafficRouting {
  route?: {
    name: string;
    /** The rules weighed; the rule named as the ApisixRoute when left out. */
    rules?: string[];
  };
}

/** trafficRouting.appMesh: the VirtualService (provided by a VirtualRouter) and the two VirtualNodes. */
export interface AppMeshTrafficRouting {
  virtualService?: {
    name: string;
    /** The VirtualRouter's routes weighed; all of them when left out. */
    routes?: string[];
  };
  virtualNodeGroup?: {
    canaryVirtualNodeRef: { name: string };
    stableVirtualNodeRef: { name: string };
  };
}

/** The `argoproj-labs/openshift` plugin's configuration: the Routes (`name` or `namespace/name`) weighed. */
export interface OpenshiftPluginConfig {
  routes: string[];
}

export interface RolloutTrafficRouting {
  istio?: IstioTrafficRouting;
  nginx?: Record<string, unknown>;
  alb?: Record<string, unknown>;
  smi?: SmiTrafficRouting;
  ambassador?: AmbassadorTrafficRouting;
  appMesh?: AppMeshTrafficRouting;
  traefik?: TraefikTrafficRouting;
  apisix?: ApisixTrafficRouting;
  plugins?: Record<string, unknown>;
  managedRoutes?: Array<{ name: string }>;
  maxTrafficWeight?: number;
}
