// The NGINX and ALB routers over the controller's RouteObjectStore (kubeRouteObjectStore) against
// the real API server of test/controlplane: the TrafficRouter contract through what the controller
// really writes (merge patches carrying the resourceVersion read). The canary Ingress is owned by a
// Rollout that exists, so the garbage collector leaves it. Outside CI the suite skips when the
// control plane is not built.
import { describe } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { kubeRouteObjectStore, routeResource } from '../../../../src/runtime/kubernetes/rollouts/route-object-store.ts';
import { createAlbTrafficRouter } from '../../../../src/traffic/routers/alb/alb-router.ts';
import type { Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';
import { createNginxTrafficRouter } from '../../../../src/traffic/routers/nginx/nginx-router.ts';
import { albIngress, albRollout } from '../../../unit/traffic/alb/fixtures.ts';
import { nginxRollout, stableIngress } from '../../../unit/traffic/nginx/fixtures.ts';
import { runTrafficRouterContract } from '../../../unit/traffic/router-contract.ts';
import { controlPlaneSuite, rolloutManifest, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

const ingresses = routeResource('networking.k8s.io/v1', 'Ingress');
const MIRRORS = 'NGINX and ALB have no mirror routes (Argo allows setMirrorRoute with Istio only)';
const MANAGED = { managedRoutes: [{ name: 'header-route' }, { name: 'mirror-route' }] };

describe('NGINX and ALB routers against the real API server', {
  skip: skipWithoutControlPlane,
  timeout: 600_000,
}, () => {
  const suite = controlPlaneSuite();

  /** A namespace with `seed` created and a Rollout `web` whose uid the fixture rollout takes. */
  async function setUp(seed: Ingress, fixture: Rollout) {
    const { client, namespace } = await suite.namespace('ingress-contract');
    await client.create(ingresses, namespace, {
      ...structuredClone(seed),
      metadata: { ...seed.metadata, namespace },
    } as KubeObject as never);
    const owner = await client.create(argoResources.rollouts, namespace, rolloutManifest('web', namespace) as never);
    const rollout = structuredClone(fixture);
    rollout.metadata = { ...rollout.metadata, namespace, uid: owner.metadata.uid ?? '' };
    const read = async (name: string) => {
      try {
        // The route-kind resource reads any kind as a RouteObject; this one is an Ingress, whose spec the type checker cannot see.
        return (await client.get(ingresses, namespace, name)) as unknown as Ingress;
      } catch {
        return undefined;
      }
    };
    const put = async (ingress: Ingress) => {
      await client.update(ingresses, ingress as never);
    };
    return { rollout, store: kubeRouteObjectStore(client), read, put };
  }

  function breakBackends(ingress: Ingress | undefined, from: string): Ingress | undefined {
    for (const rule of ingress?.spec?.rules ?? [])
      for (const path of rule.http?.paths ?? [])
        if (path.backend?.service?.name === from) path.backend.service.name = 'elsewhere';
    return ingress;
  }

  runTrafficRouterContract({
    name: 'nginx over the controller store',
    skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
    create: async () => {
      const { rollout, store, read, put } = await setUp(stableIngress(), nginxRollout({}, MANAGED));
      return {
        router: createNginxTrafficRouter(rollout, store),
        snapshot: async () =>
          [await read('web-ingress'), await read('web-web-ingress-canary')].map((i) => i?.metadata.resourceVersion),
        untouchable: async () => (await read('web-ingress'))?.spec,
        breakConfiguration: async () => {
          const broken = breakBackends(await read('web-ingress'), 'web-stable');
          if (broken) await put(broken);
        },
        routeWeights: async () => {
          const weight = Number(
            (await read('web-web-ingress-canary'))?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'],
          );
          return [[weight, 100 - weight]];
        },
      };
    },
  });

  runTrafficRouterContract({
    name: 'alb over the controller store',
    skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
    create: async () => {
      const { rollout, store, read, put } = await setUp(albIngress(), albRollout({}, MANAGED));
      return {
        router: createAlbTrafficRouter(rollout, store),
        snapshot: async () => (await read('web-ingress'))?.metadata.resourceVersion,
        untouchable: async () =>
          (await read('web-ingress'))?.metadata.annotations?.['alb.ingress.kubernetes.io/scheme'],
        breakConfiguration: async () => {
          const broken = breakBackends(await read('web-ingress'), 'web-stable');
          if (broken) await put(broken);
        },
        routeWeights: async () => {
          const action = JSON.parse(
            (await read('web-ingress'))?.metadata.annotations?.['alb.ingress.kubernetes.io/actions.web-stable'] ?? '{}',
          ) as { ForwardConfig: { TargetGroups: Array<{ ServiceName: string; Weight: number }> } };
          const weight = (service: string) =>
            action.ForwardConfig.TargetGroups.find((g) => g.ServiceName === service)?.Weight ?? -1;
          return [[weight('web-canary'), weight('web-stable')]];
        },
      };
    },
  });
});
