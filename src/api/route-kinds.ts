// The provider objects the traffic routers other than Istio's read and write (Ingresses, Gateway
// API routes, TrafficSplits, TraefikServices, Mappings, ApisixRoutes, App Mesh VirtualRouters and
// VirtualNodes, OpenShift Routes), once: group, versions, plural. The controller's store reaches
// them through this table (runtime/kubernetes/rollouts/route-object-store.ts), the manifest loader
// reads them (schema/registry.ts) so `sluice run` can hold them, and the RBAC in deploy/ lists them.

export interface RouteKindInfo {
  kind: string;
  group: string;
  /** The versions Argo's routers use, oldest first. */
  versions: readonly string[];
  plural: string;
  /** A kind of Kubernetes itself (networking.k8s.io Ingress), not a custom resource. */
  builtin: boolean;
  /**
   * False for a kind the controller must not watch as a route kind: App Mesh's VirtualService shares
   * its kind name with Istio's, which is watched on its own.
   */
  watched?: boolean;
}

export const ROUTE_KINDS = [
  { kind: 'Ingress', group: 'networking.k8s.io', versions: ['v1'], plural: 'ingresses', builtin: true },
  {
    kind: 'HTTPRoute',
    group: 'gateway.networking.k8s.io',
    versions: ['v1beta1', 'v1'],
    plural: 'httproutes',
    builtin: false,
  },
  {
    kind: 'GRPCRoute',
    group: 'gateway.networking.k8s.io',
    versions: ['v1alpha2', 'v1'],
    plural: 'grpcroutes',
    builtin: false,
  },
  {
    kind: 'TCPRoute',
    group: 'gateway.networking.k8s.io',
    versions: ['v1alpha2', 'v1'],
    plural: 'tcproutes',
    builtin: false,
  },
  {
    kind: 'TrafficSplit',
    group: 'split.smi-spec.io',
    versions: ['v1alpha1', 'v1alpha2', 'v1alpha3', 'v1alpha4'],
    plural: 'trafficsplits',
    builtin: false,
  },
  { kind: 'TraefikService', group: 'traefik.io', versions: ['v1alpha1'], plural: 'traefikservices', builtin: false },
  {
    kind: 'TraefikService',
    group: 'traefik.containo.us',
    versions: ['v1alpha1'],
    plural: 'traefikservices',
    builtin: false,
  },
  { kind: 'Mapping', group: 'getambassador.io', versions: ['v2', 'v3alpha1'], plural: 'mappings', builtin: false },
  { kind: 'Mapping', group: 'x.getambassador.io', versions: ['v3alpha1'], plural: 'mappings', builtin: false },
  { kind: 'ApisixRoute', group: 'apisix.apache.org', versions: ['v2'], plural: 'apisixroutes', builtin: false },
  {
    kind: 'VirtualService',
    group: 'appmesh.k8s.aws',
    versions: ['v1beta2'],
    plural: 'virtualservices',
    builtin: false,
    watched: false,
  },
  { kind: 'VirtualRouter', group: 'appmesh.k8s.aws', versions: ['v1beta2'], plural: 'virtualrouters', builtin: false },
  { kind: 'VirtualNode', group: 'appmesh.k8s.aws', versions: ['v1beta2'], plural: 'virtualnodes', builtin: false },
  { kind: 'Route', group: 'route.openshift.io', versions: ['v1'], plural: 'routes', builtin: false },
] as const satisfies readonly RouteKindInfo[];

export type RouteKind = (typeof ROUTE_KINDS)[number]['kind'];

/** The table's entry for an object of `apiVersion` and `kind`; undefined for a kind no router uses. */
export function routeKindOf(apiVersion: string, kind: string): RouteKindInfo | undefined {
  return ROUTE_KINDS.find(
    (info) => info.kind === kind && info.versions.some((version) => `${info.group}/${version}` === apiVersion),
  );
}

/** Every apiVersion a route kind is read under, e.g. TraefikService's in both of its groups. */
export function routeApiVersionsOf(kind: string): string[] {
  return ROUTE_KINDS.filter((info) => info.kind === kind).flatMap((info) =>
    info.versions.map((version) => `${info.group}/${version}`),
  );
}
