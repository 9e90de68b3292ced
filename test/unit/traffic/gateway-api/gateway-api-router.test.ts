// The Gateway API router over the RouteObjectStores it runs on: the memory store of unit tests and
// the local runtime's store (the contract, both served and not), then the whole router's behaviour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KnownObject } from '../../../../src/api/types/index.ts';
import { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';
import { routeObjectsOf } from '../../../../src/runtime/local/store/route-objects.ts';
import { createGatewayApiTrafficRouter } from '../../../../src/traffic/routers/gateway-api/gateway-api-router.ts';
import { trafficRoutersFor } from '../../../../src/traffic/dispatch.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { gatewayRollout, gatewaySubject as subject, header, httpRoute, REF, state } from './fixtures.ts';

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
    return subject(
      routeObjectsOf(local),
      (object) => {
        local.put(object as KnownObject);
      },
      true,
    );
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
