import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DestinationRule, VirtualService } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { createIstioTrafficRouter } from '../../../../src/traffic/routers/istio/istio-router.ts';
import { createNoTrafficRouter } from '../../../../src/traffic/routers/none.ts';
import { runTrafficRouterContract, type ContractSubject } from '../router-contract.ts';
import {
  desired,
  hostLevelRollout,
  richVirtualService,
  subsetLevelDestinationRule,
  subsetLevelRollout,
  subsetLevelVirtualService,
} from './fixtures.ts';
import { MemoryIstioStore } from './memory-store.ts';

const MANAGED = ['header-route', 'mirror-route'];

function withoutRouting(vs: VirtualService | undefined, rule: DestinationRule | undefined): unknown {
  const copy = structuredClone(vs);
  if (copy?.spec.http) {
    copy.spec.http = copy.spec.http.filter((route) => !MANAGED.includes(route.name ?? ''));
    for (const route of copy.spec.http)
      if (route.name === 'primary') for (const d of route.route ?? []) delete d.weight;
  }
  const ruleCopy = structuredClone(rule);
  for (const subset of ruleCopy?.spec.subsets ?? []) delete subset.labels?.['rollouts-pod-template-hash'];
  delete ruleCopy?.metadata.annotations;
  return { vs: copy, rule: ruleCopy };
}

function subject(
  rollout: Rollout,
  vs: VirtualService,
  rule: DestinationRule | undefined,
  storeIsServed: boolean,
): ContractSubject {
  const store = new MemoryIstioStore(rule ? [vs, rule] : [vs]);
  const read = () => ({
    vs: store.read<VirtualService>('VirtualService', 'rollout-demo', 'rollout-vsvc'),
    rule: store.read<DestinationRule>('DestinationRule', 'rollout-demo', 'rollout-ds'),
  });
  return {
    router: createIstioTrafficRouter(rollout, store, { storeIsServed }),
    snapshot: async () => [...store.objects.entries()],
    untouchable: async () => withoutRouting(read().vs, read().rule),
    breakConfiguration: async () => {
      const current = read().vs;
      const primary = current?.spec.http?.find((route) => route.name === 'primary');
      if (current && primary) primary.name = 'renamed';
      if (current) store.put(current);
    },
    routeWeights: async () => {
      const primary = read().vs?.spec.http?.find((route) => route.name === 'primary');
      const isCanary = (d: { destination: { host: string; subset?: string } }) =>
        d.destination.subset === 'canary' || d.destination.host.startsWith('canary-svc');
      const canary = (primary?.route ?? []).filter(isCanary).reduce((s, d) => s + (d.weight ?? 0), 0);
      const stable = (primary?.route ?? []).filter((d) => !isCanary(d)).reduce((s, d) => s + (d.weight ?? 0), 0);
      return [[canary, stable]];
    },
  };
}

runTrafficRouterContract({
  name: 'istio host-level, every VirtualService field (store served, as the local runtime)',
  create: async () => subject(hostLevelRollout({ managedRoutes: MANAGED }), richVirtualService(), undefined, true),
});

runTrafficRouterContract({
  name: 'istio subset-level (cluster: cannot verify)',
  create: async () =>
    subject(subsetLevelRollout(MANAGED), subsetLevelVirtualService(), subsetLevelDestinationRule(), false),
});

runTrafficRouterContract({
  name: 'none',
  create: async () => ({
    router: createNoTrafficRouter(),
    snapshot: async () => null,
    untouchable: async () => null,
    breakConfiguration: async () => {},
    routeWeights: async () => [],
  }),
  skips: {
    observe: 'no mesh: nothing to observe, the engine approximates weights with replicas',
    'managed-routes': 'no mesh: header and mirror routes need a traffic router',
    'rejected-input': 'no configuration to reject',
  },
});

test('istio router writes the DestinationRule, then the VirtualService, and nothing when in place', async () => {
  const store = new MemoryIstioStore([subsetLevelVirtualService(), subsetLevelDestinationRule()]);
  const router = createIstioTrafficRouter(subsetLevelRollout(), store);
  assert.deepEqual(await router.apply(desired(10)), { changed: true, problems: [] });
  assert.equal(store.writes, 2);
  assert.deepEqual(await router.apply(desired(10)), { changed: false, problems: [] });
  assert.equal(store.writes, 2);
  const inPlace = await router.observe();
  assert.equal(inPlace?.canaryHash, 'canary-hash');
  assert.equal(inPlace?.stableHash, 'stable-hash');
  assert.equal(await router.verify(desired(10)), 'cannot-verify');
});

test('istio router restores weights after someone re-applies the VirtualService', async () => {
  const store = new MemoryIstioStore([subsetLevelVirtualService(), subsetLevelDestinationRule()]);
  const router = createIstioTrafficRouter(subsetLevelRollout(), store, { storeIsServed: true });
  await router.apply(desired(40));
  store.put(subsetLevelVirtualService());
  assert.equal((await router.observe())?.canaryWeight, 20);
  assert.equal(await router.verify(desired(40)), false);
  await router.apply(desired(40));
  assert.equal((await router.observe())?.canaryWeight, 40);
  assert.equal(await router.verify(desired(40)), true);
});
