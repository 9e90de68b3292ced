// Schema of spec.strategy.canary.trafficRouting (Argo's RolloutTrafficRouting and its providers).
import { anyObject, arrayOf, boolean, describeFields, int32, int64, mapOf, object, string } from '../vocabulary.ts';

const IstioVirtualService = describeFields(
  object(
    {
      name: string(),
      routes: arrayOf(string()),
      tlsRoutes: arrayOf(object({ port: int64(), sniHosts: arrayOf(string()) })),
      tcpRoutes: arrayOf(object({ port: int64() })),
    },
    ['name'],
  ),
  {
    name: "The VirtualService whose route weights the Rollout sets (namespace/name, or a name in the Rollout's namespace).",
    routes:
      'The HTTP routes (by name) to set weights on; may be left out when the VirtualService has a single HTTP route.',
    tlsRoutes: 'The TLS routes to set weights on, found by port and SNI hosts.',
    tcpRoutes: 'The TCP routes to set weights on, found by port.',
  },
);

const Istio = describeFields(
  object({
    virtualService: IstioVirtualService,
    virtualServices: arrayOf(IstioVirtualService),
    destinationRule: describeFields(
      object(
        {
          name: string(),
          canarySubsetName: string(),
          stableSubsetName: string(),
          additionalSubsetNames: arrayOf(string()),
        },
        ['name', 'canarySubsetName', 'stableSubsetName'],
      ),
      {
        name: 'The DestinationRule whose subsets the Rollout points at the stable and canary pods.',
        canarySubsetName: 'The subset that selects the canary pods.',
        stableSubsetName: 'The subset that selects the stable pods.',
        additionalSubsetNames: 'Other subsets that also get the pod template hash of the stable pods.',
      },
    ),
  }),
  {
    virtualService: 'The VirtualService to shift traffic with.',
    virtualServices: 'Several VirtualServices to shift traffic with (instead of virtualService).',
    destinationRule:
      'Split by subsets of one Service (subset-level) instead of by the canary and stable Services (host-level).',
  },
);

const Nginx = object({
  annotationPrefix: string(),
  stableIngress: string(),
  stableIngresses: arrayOf(string()),
  additionalIngressAnnotations: mapOf(string()),
  canaryIngressAnnotations: mapOf(string()),
});

const Alb = object(
  {
    ingress: string(),
    ingresses: arrayOf(string()),
    servicePort: int32(),
    annotationPrefix: string(),
    rootService: string(),
    stickinessConfig: object({ enabled: boolean(), durationSeconds: int64() }, ['enabled', 'durationSeconds']),
  },
  ['servicePort'],
);

const named = object({ name: string() }, ['name']);

const AppMesh = object({
  virtualService: object({ name: string(), routes: arrayOf(string()) }, ['name']),
  virtualNodeGroup: object({ canaryVirtualNodeRef: named, stableVirtualNodeRef: named }, [
    'canaryVirtualNodeRef',
    'stableVirtualNodeRef',
  ]),
});

export const RolloutTrafficRouting = describeFields(
  object({
    istio: Istio,
    nginx: Nginx,
    alb: Alb,
    smi: object({ rootService: string(), trafficSplitName: string() }),
    ambassador: object({ mappings: arrayOf(string()) }, ['mappings']),
    appMesh: AppMesh,
    traefik: object({ weightedTraefikServiceName: string() }, ['weightedTraefikServiceName']),
    apisix: object({ route: object({ name: string(), rules: arrayOf(string()) }, ['name']) }),
    plugins: anyObject(),
    managedRoutes: arrayOf(named),
    maxTrafficWeight: int32(),
  }),
  {
    istio: 'Shift traffic with Istio VirtualServices (and DestinationRule subsets).',
    nginx: 'Shift traffic with a canary Ingress for the NGINX ingress controller.',
    alb: 'Shift traffic with the AWS Load Balancer Controller (ALB Ingress actions).',
    smi: 'Shift traffic with an SMI TrafficSplit.',
    ambassador: 'Shift traffic with Ambassador (Emissary) Mappings.',
    appMesh: 'Shift traffic with an AWS App Mesh virtual router.',
    traefik: 'Shift traffic with a weighted TraefikService.',
    apisix: 'Shift traffic with an Apache APISIX route.',
    plugins: 'Shift traffic with traffic router plugins, each configured under its name.',
    managedRoutes:
      'Routes that header and mirror steps add, in order of precedence, and remove at the end of the update.',
    maxTrafficWeight: 'The total weight that setWeight values are out of (default 100).',
  },
);
