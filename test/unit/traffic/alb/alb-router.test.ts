import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAlbTrafficRouter } from '../../../../src/traffic/routers/alb/alb-router.ts';
import { ingressRef, type Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract, type ContractSubject } from '../router-contract.ts';
import { albIngress, albRollout, desired } from './fixtures.ts';

const REF = ingressRef('demo', 'web-ingress');
const KEY = 'alb.ingress.kubernetes.io/actions.web-stable';
const MIRRORS =
  'ALB has no mirror routes (Argo Rollouts allows setMirrorRoute with Istio only); header routes are checked in alb-router.test.ts';

function routedPartsRemoved(ingress: Ingress | undefined): unknown {
  const copy = structuredClone(ingress);
  const annotations = copy?.metadata.annotations ?? {};
  for (const key of Object.keys(annotations))
    if (
      key.startsWith('alb.ingress.kubernetes.io/actions.') ||
      key.startsWith('alb.ingress.kubernetes.io/conditions.') ||
      key.startsWith('rollouts.argoproj.io/')
    )
      delete annotations[key];
  for (const rule of copy?.spec?.rules ?? [])
    if (rule.http)
      rule.http.paths = (rule.http.paths ?? []).filter(
        (p) => p.backend?.service?.port?.name !== 'use-annotation' || p.backend.service.name === 'web-stable',
      );
  if (copy) delete copy.metadata.resourceVersion;
  return copy;
}

function subject(): ContractSubject {
  const rollout = albRollout({}, { managedRoutes: [{ name: 'header-route' }, { name: 'mirror-route' }] });
  const store = new MemoryRouteObjectStore([albIngress()]);
  return {
    router: createAlbTrafficRouter(rollout, store),
    snapshot: async () => [...store.objects.entries()],
    untouchable: async () => routedPartsRemoved(store.read(REF) as Ingress),
    breakConfiguration: async () => {
      const ingress = store.read(REF) as Ingress;
      for (const rule of ingress.spec?.rules ?? [])
        for (const p of rule.http?.paths ?? [])
          if (p.backend?.service?.name === 'web-stable') p.backend.service.name = 'elsewhere';
      store.put(ingress);
    },
    routeWeights: async () => {
      const action = JSON.parse(store.read(REF)?.metadata.annotations?.[KEY] ?? '{}');
      const groups = action.ForwardConfig.TargetGroups as Array<{ ServiceName: string; Weight: number }>;
      return [
        [
          groups.find((g) => g.ServiceName === 'web-canary')?.Weight ?? -1,
          groups.find((g) => g.ServiceName === 'web-stable')?.Weight ?? -1,
        ],
      ];
    },
  };
}

runTrafficRouterContract({
  name: 'alb over the memory store (AWS target groups: cannot verify)',
  create: async () => subject(),
  skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
});

test('observe reports weights and header routes; a re-applied Ingress gets its action back', async () => {
  const rollout = albRollout({}, { managedRoutes: [{ name: 'hdr' }] });
  const store = new MemoryRouteObjectStore([albIngress()]);
  const router = createAlbTrafficRouter(rollout, store);
  const header = { name: 'hdr', match: [{ headerName: 'X-Canary', headerValue: { exact: 'on' } }] };
  await router.apply(desired(10, [header]));
  const first = await router.observe();
  assert.deepEqual({ weight: first?.canaryWeight, headers: first?.headerRoutes }, { weight: 10, headers: ['hdr'] });
  await router.apply(desired(10));
  assert.deepEqual((await router.observe())?.headerRoutes, []);
  store.put(albIngress());
  assert.equal((await router.observe())?.canaryWeight, undefined);
  assert.equal((await router.apply(desired(10))).changed, true);
  assert.equal((await router.observe())?.canaryWeight, 10);
  assert.equal(await router.verify(desired(10)), 'cannot-verify');
});
