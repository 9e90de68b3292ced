// Schema of spec.strategy.canary.trafficRouting (Argo's RolloutTrafficRouting and its providers).
import { anyObject, arrayOf, boolean, int32, int64, mapOf, object, string } from '../vocabulary.ts';

const IstioVirtualService = object(
  {
    name: string(),
    routes: arrayOf(string()),
    tlsRoutes: arrayOf(object({ port: int64(), sniHosts: arrayOf(string()) })),
    tcpRoutes: arrayOf(object({ port: int64() })),
  },
  ['name'],
);

const Istio = object({
  virtualService: IstioVirtualService,
  virtualServices: arrayOf(IstioVirtualService),
  destinationRule: object(
    {
      name: string(),
      canarySubsetName: string(),
      stableSubsetName: string(),
      additionalSubsetNames: arrayOf(string()),
    },
    ['name', 'canarySubsetName', 'stableSubsetName'],
  ),
});

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

export const RolloutTrafficRouting = object({
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
});
