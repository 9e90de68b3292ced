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

export interface RolloutTrafficRouting {
  istio?: IstioTrafficRouting;
  nginx?: Record<string, unknown>;
  alb?: Record<string, unknown>;
  smi?: { rootService?: string; trafficSplitName?: string };
  ambassador?: { mappings: string[] };
  appMesh?: Record<string, unknown>;
  traefik?: { weightedTraefikServiceName: string };
  apisix?: Record<string, unknown>;
  plugins?: Record<string, unknown>;
  managedRoutes?: Array<{ name: string }>;
  maxTrafficWeight?: number;
}
