// networking.istio.io VirtualService and DestinationRule (v1alpha3, v1beta1 and v1 share this shape).
import type { TypedObject } from './meta.ts';

export interface IstioStringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: IstioStringMatch;
  scheme?: IstioStringMatch;
  method?: IstioStringMatch;
  authority?: IstioStringMatch;
  headers?: Record<string, IstioStringMatch>;
  queryParams?: Record<string, IstioStringMatch>;
  ignoreUriCase?: boolean;
  withoutHeaders?: Record<string, IstioStringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  sourceNamespace?: string;
  [field: string]: unknown;
}

export interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

export interface HTTPRouteDestination {
  destination: Destination;
  weight?: number;
  headers?: Record<string, unknown>;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  mirror?: Destination;
  mirrorPercentage?: { value?: number };
  mirrors?: Array<{ destination: Destination; percentage?: { value?: number } }>;
  [field: string]: unknown;
}

export interface RouteDestination {
  destination: Destination;
  weight?: number;
}

export interface TLSRoute {
  match?: Array<{ port?: number; sniHosts?: string[]; [field: string]: unknown }>;
  route?: RouteDestination[];
}

export interface TCPRoute {
  match?: Array<{ port?: number; [field: string]: unknown }>;
  route?: RouteDestination[];
}

export interface VirtualService extends TypedObject<'VirtualService'> {
  spec: {
    hosts?: string[];
    gateways?: string[];
    http?: HTTPRoute[];
    tls?: TLSRoute[];
    tcp?: TCPRoute[];
    exportTo?: string[];
    [field: string]: unknown;
  };
}

export interface Subset {
  name: string;
  labels?: Record<string, string>;
  trafficPolicy?: Record<string, unknown>;
}

export interface DestinationRule extends TypedObject<'DestinationRule'> {
  spec: {
    host?: string;
    subsets?: Subset[];
    trafficPolicy?: Record<string, unknown>;
    exportTo?: string[];
    [field: string]: unknown;
  };
}
