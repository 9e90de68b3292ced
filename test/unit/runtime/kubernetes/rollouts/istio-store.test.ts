// The Istio store's reads and writes against the fake client (which answers a stale
// resourceVersion with 409 as the API server does: test/contracts/kube-client-contract.ts): reads come from the cache, a conflict on a stale
// cached copy makes it read from the server and the retry succeeds from that copy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { DestinationRule, VirtualService } from '../../../../../src/api/types/istio.ts';
import type { Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { istioResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { ObjectStore } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import {
  applyTrafficWithRetry,
  kubeIstioStore,
  type IstioClient,
} from '../../../../../src/runtime/kubernetes/rollouts/istio-store.ts';
import { createIstioTrafficRouter } from '../../../../../src/traffic/routers/istio/istio-router.ts';

const resources = istioResources('v1beta1');

function virtualService(canaryWeight: number): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      hosts: ['web'],
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'web-stable' }, weight: 100 - canaryWeight },
            { destination: { host: 'web-canary' }, weight: canaryWeight },
          ],
        },
        { name: 'other', route: [{ destination: { host: 'elsewhere' } }] },
      ],
    },
  };
}

const rollout: Rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
    strategy: {
      canary: {
        canaryService: 'web-canary',
        stableService: 'web-stable',
        trafficRouting: { istio: { virtualService: { name: 'web', routes: ['primary'] } } },
      },
    },
  },
};

/**
 * The fake API server holding the VirtualService at `canaryWeight`, and the copy a cache would
 * hold: the current one, or (stale) the one before a change made by someone else.
 */
async function fakeApi(canaryWeight: number, options: { stale?: boolean } = {}) {
  const fake = new FakeKubeClient();
  const calls: string[] = [];
  const cached = await fake.create(resources.virtualServices, 'shop', virtualService(options.stale ? 0 : canaryWeight));
  if (options.stale)
    await fake.update(resources.virtualServices, {
      ...structuredClone(cached),
      spec: virtualService(canaryWeight).spec,
    });
  const client: IstioClient = {
    get: async (resource, namespace, name) => {
      const object = await fake.get(resource, namespace, name);
      calls.push(`get @${object.metadata.resourceVersion}`);
      return object;
    },
    patch: (resource, namespace, name, body, patchOptions) => {
      calls.push(`patch @${(body as { metadata: { resourceVersion: string } }).metadata.resourceVersion}`);
      return fake.patch(resource, namespace, name, body, patchOptions);
    },
  };
  const virtualServices = new ObjectStore<Stored<VirtualService>>();
  virtualServices.upsert(cached);
  const caches = { virtualServices, destinationRules: new ObjectStore<Stored<DestinationRule>>() };
  return {
    client,
    calls,
    caches,
    cachedVersion: cached.metadata.resourceVersion,
    server: () => fake.get(resources.virtualServices, 'shop', 'web'),
  };
}

const desired = { stableHash: 'aaa', canaryHash: 'bbb', canaryWeight: 30, headerRoutes: [], mirrorRoutes: [] };

describe('kubeIstioStore', () => {
  it('plans from the cached copy: one patch, no read from the server', async () => {
    const api = await fakeApi(0);
    const router = createIstioTrafficRouter(rollout, kubeIstioStore(api.client, resources, api.caches));
    const result = await applyTrafficWithRetry(router, desired);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(api.calls, [`patch @${api.cachedVersion}`]);
    const routes = (await api.server()).spec.http ?? [];
    assert.deepEqual(
      routes[0]?.route?.map((route) => route.weight),
      [70, 30],
    );
    assert.deepEqual(
      routes[1],
      { name: 'other', route: [{ destination: { host: 'elsewhere' } }] },
      'other routes left as they were',
    );
  });

  it('a stale cached copy is refused by its resourceVersion; the retry reads the server copy and succeeds from it', async () => {
    const api = await fakeApi(10, { stale: true });
    const router = createIstioTrafficRouter(rollout, kubeIstioStore(api.client, resources, api.caches));
    const result = await applyTrafficWithRetry(router, desired);
    assert.deepEqual(result.problems, []);
    const current = String(Number(api.cachedVersion) + 1);
    assert.deepEqual(api.calls, [`patch @${api.cachedVersion}`, `get @${current}`, `patch @${current}`]);
    const server = await api.server();
    assert.equal(server.metadata.resourceVersion, String(Number(current) + 1));
    assert.deepEqual(
      server.spec.http?.[0]?.route?.map((route) => route.weight),
      [70, 30],
    );
  });

  it('without caches every read goes to the server', async () => {
    const api = await fakeApi(0);
    const router = createIstioTrafficRouter(rollout, kubeIstioStore(api.client, resources));
    await applyTrafficWithRetry(router, desired);
    assert.deepEqual(api.calls, [`get @${api.cachedVersion}`, `patch @${api.cachedVersion}`]);
  });
});
