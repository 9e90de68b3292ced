// The parts of Gateway API routes (gateway.networking.k8s.io HTTPRoute, GRPCRoute, TCPRoute) the
// router reads and writes; every other field is carried through untouched.

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  [field: string]: unknown;
}

export interface HeaderMatch {
  type?: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

export interface HTTPRouteMatch {
  path?: { type?: 'Exact' | 'PathPrefix' | 'RegularExpression'; value?: string };
  headers?: HeaderMatch[];
  queryParams?: unknown[];
  method?: string;
}

export interface GRPCRouteMatch {
  method?: { type?: string; service?: string; method?: string };
  headers?: HeaderMatch[];
}

export interface RouteFilter {
  type: string;
  requestMirror?: { backendRef: BackendRef; percent?: number; fraction?: { numerator: number; denominator?: number } };
  [field: string]: unknown;
}

export interface RouteRule {
  name?: string;
  matches?: Array<HTTPRouteMatch & GRPCRouteMatch>;
  filters?: RouteFilter[];
  backendRefs?: BackendRef[];
  [field: string]: unknown;
}

export interface GatewayRoute {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; resourceVersion?: string; [field: string]: unknown };
  spec?: { rules?: RouteRule[]; [field: string]: unknown };
}
