// The Gateway API router over the RouteObjectStores it runs on: the memory store of unit tests and
// the local runtime's store (the contract, both served and not), then the whole router's behaviour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KnownObject } from '../../../../src/api/types/index.ts';
import { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';
import { routeObjectsOf } from '../../../../src/runtime/local/store/route-objects.ts';
import type { RouteObject, RouteObjectStore } from '../../../../src/traffic/route-objects.ts';
import { createGatewayApiTrafficRouter } from '../../../../src/traffic/routers/gateway-api/gateway-api-router.ts';
import type { RouteRule } from '../../../../src/traffic/routers/gateway-api/types.ts';
import { trafficRoutersFor } from '../../../../src/traffic/dispatch.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract, type ContractSubject } from '../router-contract.ts';
import { gatewayRollout, header, httpRoute, state } from './fixtures.ts';

const REF = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace: 'shop', name: 'web' };
const MANAGED = ['header-route', 'mirror-route'];
const OTHER = {
  matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
  backendRefs: [{ name: 'admin', port: 80 }],
};

function subject(store: RouteObjectStore, put: (object: RouteObject) => void, storeIsServed: boolean): ContractSubject {
  put(httpRoute('web', 0, [OTHER]));
  const read = async () => (await store.get(REF))!;
  const rules = async () => ((await read()).spec as { rules: RouteRule[] }).rules;
  return {
    router: createGatewayApiTrafficRouter(gatewayRollout(), store, { storeIsServed }),
    snapshot: async () => (await read()).spec,
    untouchable: async () => {
      const object = structuredClone(await read());
      const spec = object.spec as { rules: RouteRule[] };
      spec.rules = spec.rules.filter((rule) => !MANAGED.includes(rule.name ?? ''));
      for (const rule of spec.rules) for (const ref of rule.backendRefs ?? []) delete ref.weight;
      delete object.metadata.resourceVersion;
      delete object.metadata.generation;
      return object;
    },
    breakConfiguration: async () => {
      const object = await read();
      (object.spec as { rules: RouteRule[] }).rules[0]!.backendRefs![1]!.name = 'renamed';
      put(object);
    },
    routeWeights: async () => {
      const weighted = (await rules()).filter((rule) => rule.backendRefs?.some((ref) => ref.name === 'web-canary'));
      return weighted.map((rule) => {
        const weight = (name: string) => rule.backendRefs?.find((ref) => ref.name === name)?.weight ?? 0;
        return [weight('web-canary'), weight('web-stable')];
      });
    },
  };
}

runTrafficRouterContract({
  name: 'gatewayAPI over the memory store (a cluster: cannot verify)',
  create: async () => {
    const store = new MemoryRouteObjectStore();
    return subject(store, (object) => store.put(object), false);
  },
});

runTrafficRouterContract({
  name: 'gatewayAPI over the local store (served: verifies)',
  create: async () => {
    const local = new ObjectStore();
    return subject(routeObjectsOf(local), (object) => local.put(object as KnownObject), true);
  },
});

test('the dispatch makes the Gateway API router for the plugin, and both at once with istio', () => {
  const stores = { istio: {} as never, routeObjects: new MemoryRouteObjectStore() };
  assert.equal(trafficRoutersFor(gatewayRollout(), stores).type, 'gatewayAPI');
  const both = gatewayRollout();
  both.spec.strategy.canary!.trafficRouting!.istio = { virtualService: { name: 'web' } };
  assert.equal(trafficRoutersFor(both, stores).type, 'istio+gatewayAPI');
});

test('abort: weight 0 and no managed routes puts the route back as it was applied', async () => {
  const store = new MemoryRouteObjectStore([httpRoute()]);
  const router = createGatewayApiTrafficRouter(gatewayRollout(), store);
  const applied = store.read(REF)?.spec;
  await router.apply(state(40, { headerRoutes: [header] }));
  assert.notDeepEqual(store.read(REF)?.spec, applied);
  await router.apply(state(0));
  assert.deepEqual(store.read(REF)?.spec, applied);
});

test('a route re-applied during the canary gets its weights back at the next apply', async () => {
  const store = new MemoryRouteObjectStore([httpRoute()]);
  const router = createGatewayApiTrafficRouter(gatewayRollout(), store);
  await router.apply(state(30));
  store.put(httpRoute());
  assert.equal((await router.observe())?.canaryWeight, 0);
  assert.deepEqual(await router.apply(state(30)), { changed: true, problems: [] });
  assert.equal((await router.observe())?.canaryWeight, 30);
});

test('in the local runtime, a rollout that also names a GRPCRoute cannot verify (the gateway serves HTTPRoutes only)', async () => {
  const grpc = { ...httpRoute('api'), kind: 'GRPCRoute' };
  const store = new MemoryRouteObjectStore([httpRoute(), grpc]);
  const router = createGatewayApiTrafficRouter(gatewayRollout({ httpRoute: 'web', grpcRoute: 'api' }), store, {
    storeIsServed: true,
  });
  assert.equal(router.canVerify, false);
  await router.apply(state(10));
  assert.equal(await router.verify(state(10)), 'cannot-verify');
});
