import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNginxTrafficRouter } from '../../../../src/traffic/routers/nginx/nginx-router.ts';
import { ingressRef, type Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract, type ContractSubject } from '../router-contract.ts';
import { desired, nginxRollout, stableIngress } from './fixtures.ts';

const CANARY = ingressRef('demo', 'web-web-ingress-canary');
const STABLE = ingressRef('demo', 'web-ingress');
const MIRRORS =
  'NGINX Ingress has no mirror routes (Argo Rollouts allows setMirrorRoute with Istio only); header routes are checked in nginx-router.test.ts';

function subject(storeIsServed: boolean): ContractSubject {
  const rollout = nginxRollout({}, { managedRoutes: [{ name: 'header-route' }, { name: 'mirror-route' }] });
  const store = new MemoryRouteObjectStore([stableIngress()]);
  return {
    router: createNginxTrafficRouter(rollout, store, { storeIsServed }),
    snapshot: async () => [...store.objects.entries()],
    untouchable: async () => store.read(STABLE),
    breakConfiguration: async () => {
      const stable = store.read(STABLE) as Ingress;
      for (const rule of stable.spec?.rules ?? [])
        for (const p of rule.http?.paths ?? []) if (p.backend?.service) p.backend.service.name = 'elsewhere';
      store.put(stable);
    },
    routeWeights: async () => {
      const weight = Number(store.read(CANARY)?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight']);
      return [[weight, 100 - weight]];
    },
  };
}

runTrafficRouterContract({
  name: 'nginx over the memory store (served, as the local runtime)',
  create: async () => subject(true),
  skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
});

runTrafficRouterContract({
  name: 'nginx over the memory store (cluster: cannot verify)',
  create: async () => subject(false),
  skips: { observe: MIRRORS, 'managed-routes': MIRRORS },
});

test('observe reports the weight and the header route in place, and a re-applied canary Ingress gets its weight back', async () => {
  const rollout = nginxRollout({}, { managedRoutes: [{ name: 'hdr' }] });
  const store = new MemoryRouteObjectStore([stableIngress()]);
  const router = createNginxTrafficRouter(rollout, store);
  const header = { name: 'hdr', match: [{ headerName: 'X-Canary', headerValue: { exact: 'on' } }] };
  await router.apply(desired(10, [header]));
  assert.deepEqual(
    { weight: (await router.observe())?.canaryWeight, headers: (await router.observe())?.headerRoutes },
    { weight: 10, headers: ['hdr'] },
  );
  await router.apply(desired(10));
  assert.deepEqual((await router.observe())?.headerRoutes, []);
  const canary = store.read(CANARY) as Ingress;
  const annotations = canary.metadata.annotations ?? {};
  annotations['nginx.ingress.kubernetes.io/canary-weight'] = '0';
  store.put(canary);
  assert.equal((await router.observe())?.canaryWeight, 0);
  assert.equal((await router.apply(desired(10))).changed, true);
  assert.equal((await router.observe())?.canaryWeight, 10);
});

test('abort: weight 0 keeps the canary Ingress with canary-weight "0"', async () => {
  const store = new MemoryRouteObjectStore([stableIngress()]);
  const router = createNginxTrafficRouter(nginxRollout(), store);
  await router.apply(desired(40));
  await router.apply(desired(0));
  assert.equal(store.read(CANARY)?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'], '0');
});
