// The NGINX and ALB routers over the local runtime's RouteObjectStore (the one `sluice run` gives
// them): the TrafficRouter contract, with the store's own resourceVersions and conflict checks.
import type { KnownObject } from '../../../../../src/api/types/index.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';
import { routeObjectsOf } from '../../../../../src/runtime/local/store/route-objects.ts';
import { createAlbTrafficRouter } from '../../../../../src/traffic/routers/alb/alb-router.ts';
import type { Ingress } from '../../../../../src/traffic/routers/ingress/ingress.ts';
import { createNginxTrafficRouter } from '../../../../../src/traffic/routers/nginx/nginx-router.ts';
import { albIngress, albRollout } from '../../../traffic/alb/fixtures.ts';
import { nginxRollout, stableIngress } from '../../../traffic/nginx/fixtures.ts';
import { runTrafficRouterContract } from '../../../traffic/router-contract.ts';

const MIRRORS = 'NGINX and ALB have no mirror routes (Argo allows setMirrorRoute with Istio only)';
const MANAGED = { managedRoutes: [{ name: 'header-route' }, { name: 'mirror-route' }] };

function ingressOf(store: ObjectStore, name: string): Ingress | undefined {
  return store.get('Ingress', 'demo', name) as Ingress | undefined;
}

function breakBackends(store: ObjectStore, name: string, from: string): void {
  const ingress = structuredClone(ingressOf(store, name));
  for (const rule of ingress?.spec?.rules ?? [])
    for (const path of rule.http?.paths ?? [])
      if (path.backend?.service?.name === from) path.backend.service.name = 'elsewhere';
  if (ingress) store.put(ingress as KnownObject);
}

runTrafficRouterContract({
  name: 'nginx over the local store',
  skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
  create: async () => {
    const store = new ObjectStore();
    store.put(stableIngress() as KnownObject);
    return {
      router: createNginxTrafficRouter(nginxRollout({}, MANAGED), routeObjectsOf(store), { storeIsServed: true }),
      snapshot: async () => store.list('Ingress'),
      untouchable: async () => ingressOf(store, 'web-ingress')?.spec,
      breakConfiguration: async () => breakBackends(store, 'web-ingress', 'web-stable'),
      routeWeights: async () => {
        const weight = Number(
          ingressOf(store, 'web-web-ingress-canary')?.metadata.annotations?.[
            'nginx.ingress.kubernetes.io/canary-weight'
          ],
        );
        return [[weight, 100 - weight]];
      },
    };
  },
});

runTrafficRouterContract({
  name: 'alb over the local store',
  skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
  create: async () => {
    const store = new ObjectStore();
    store.put(albIngress() as KnownObject);
    return {
      router: createAlbTrafficRouter(albRollout({}, MANAGED), routeObjectsOf(store)),
      snapshot: async () => store.list('Ingress'),
      untouchable: async () => {
        const annotations = ingressOf(store, 'web-ingress')?.metadata.annotations ?? {};
        return annotations['alb.ingress.kubernetes.io/scheme'];
      },
      breakConfiguration: async () => breakBackends(store, 'web-ingress', 'web-stable'),
      routeWeights: async () => {
        const action = JSON.parse(
          ingressOf(store, 'web-ingress')?.metadata.annotations?.['alb.ingress.kubernetes.io/actions.web-stable'] ??
            '{}',
        ) as { ForwardConfig: { TargetGroups: Array<{ ServiceName: string; Weight: number }> } };
        const weight = (service: string) =>
          action.ForwardConfig.TargetGroups.find((g) => g.ServiceName === service)?.Weight ?? -1;
        return [[weight('web-canary'), weight('web-stable')]];
      },
    };
  },
});
