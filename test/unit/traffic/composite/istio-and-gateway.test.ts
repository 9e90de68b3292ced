// Istio and the Gateway API plugin named together, through the one dispatch both runtimes use:
// planned together, written all or nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { trafficRoutersFor } from '../../../../src/traffic/dispatch.ts';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { hostLevelRollout, hostLevelVirtualService } from '../istio/fixtures.ts';
import { MemoryIstioStore } from '../istio/memory-store.ts';

const desired = (canaryWeight: number) => ({
  stableHash: 'aaa',
  canaryHash: 'bbb',
  canaryWeight,
  headerRoutes: [],
  mirrorRoutes: [],
});

function mixedRollout(): Rollout {
  const rollout = hostLevelRollout();
  rollout.spec.strategy.canary!.trafficRouting!.plugins = { 'argoproj-labs/gatewayAPI': { httpRoute: 'edge' } };
  return rollout;
}

function edgeRoute(backends: string[] = ['stable-svc', 'canary-svc']): RouteObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'edge', namespace: 'rollout-demo' },
    spec: {
      rules: [{ backendRefs: backends.map((name, index) => ({ name, port: 80, weight: index === 0 ? 100 : 0 })) }],
    },
  };
}

const vsWeights = (store: MemoryIstioStore) =>
  store
    .read<VirtualService>('VirtualService', 'rollout-demo', 'rollout-vsvc')
    ?.spec.http?.find((route) => route.name === 'primary')
    ?.route?.map((destination) => destination.weight);
const routeWeights = (store: MemoryRouteObjectStore) =>
  (
    store.read({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      namespace: 'rollout-demo',
      name: 'edge',
    })?.spec as { rules: Array<{ backendRefs: Array<{ weight: number }> }> } | undefined
  )?.rules[0]?.backendRefs.map((ref) => ref.weight);

test('both routers get the weights', async () => {
  const istio = new MemoryIstioStore([hostLevelVirtualService()]);
  const routeObjects = new MemoryRouteObjectStore([edgeRoute()]);
  const router = trafficRoutersFor(mixedRollout(), { istio, routeObjects });
  assert.equal(router.type, 'istio+gatewayAPI');
  assert.deepEqual(await router.apply(desired(30)), { changed: true, problems: [] });
  assert.deepEqual(vsWeights(istio), [70, 30]);
  assert.deepEqual(routeWeights(routeObjects), [70, 30]);
  assert.equal((await router.observe())?.canaryWeight, 30);
});

test('an HTTPRoute without the canary backend: nothing is written, not even the VirtualService', async () => {
  const istio = new MemoryIstioStore([hostLevelVirtualService()]);
  const before = vsWeights(istio);
  const routeObjects = new MemoryRouteObjectStore([edgeRoute(['stable-svc'])]);
  const result = await trafficRoutersFor(mixedRollout(), { istio, routeObjects }).apply(desired(30));
  assert.equal(result.changed, false);
  assert.match(result.problems.map((problem) => problem.message).join('\n'), /canary Service "canary-svc"/);
  assert.equal(istio.writes, 0);
  assert.deepEqual(vsWeights(istio), before);
});

test('the HTTPRoute write fails: the VirtualService written before it is put back', async () => {
  const istio = new MemoryIstioStore([hostLevelVirtualService()]);
  const before = vsWeights(istio);
  const routeObjects = new MemoryRouteObjectStore([edgeRoute()]);
  routeObjects.update = async () => {
    throw new Error('the API server refused the HTTPRoute');
  };
  await assert.rejects(
    trafficRoutersFor(mixedRollout(), { istio, routeObjects }).apply(desired(30)),
    /refused the HTTPRoute/,
  );
  assert.ok(istio.writes >= 2, 'written, then put back');
  assert.deepEqual(vsWeights(istio), before);
});
