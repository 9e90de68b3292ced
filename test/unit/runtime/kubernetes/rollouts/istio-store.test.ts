// The Istio store's reads and writes with a fake API (the real API server's 409 on a stale
// resourceVersion is exercised by the e2e suites): reads come from the cache, a conflict on a stale
// cached copy makes it read from the server and the retry succeeds from that copy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { KubeClient } from '../../../../../src/runtime/kubernetes/client/client.ts';
import { ConflictError } from '../../../../../src/runtime/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../../src/runtime/kubernetes/client/objects.ts';
import { istioResources } from '../../../../../src/runtime/kubernetes/client/resources.ts';
import { ObjectStore } from '../../../../../src/runtime/kubernetes/informers/object-store.ts';
import { applyTrafficWithRetry, kubeIstioStore } from '../../../../../src/runtime/kubernetes/rollouts/istio-store.ts';
import { createIstioTrafficRouter } from '../../../../../src/traffic/routers/istio/istio-router.ts';

const resources = istioResources('v1beta1');

function virtualService(resourceVersion: string, canaryWeight: number): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: 'shop', resourceVersion },
    spec: {
      hosts: ['web'],
      http: [
        { name: 'primary', route: [{ destination: { host: 'web-stable' }, weight: 100 - canaryWeight }, { destination: { host: 'web-canary' }, weight: canaryWeight }] },
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
    strategy: { canary: { canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: { istio: { virtualService: { name: 'web', routes: ['primary'] } } } } },
  },
};

/** The API server's side: one VirtualService, a merge patch refused unless its resourceVersion is the current one. */
function fakeApi(current: KubeObject) {
  const calls: string[] = [];
  let server = structuredClone(current);
  const client = {
    async get(_resource: unknown, _namespace: string, _name: string) {
      calls.push(`get @${server.metadata.resourceVersion}`);
      return structuredClone(server);
    },
    async patch(_resource: unknown, _namespace: string, _name: string, body: { metadata: { resourceVersion: string }; spec: KubeObject['spec'] }) {
      calls.push(`patch @${body.metadata.resourceVersion}`);
      if (body.metadata.resourceVersion !== server.metadata.resourceVersion) throw new ConflictError(409, { reason: 'Conflict', message: 'the object has been modified' });
      const http = (body.spec as { http: unknown[] }).http;
      server = { ...server, metadata: { ...server.metadata, resourceVersion: String(Number(server.metadata.resourceVersion) + 1) }, spec: { ...(server['spec'] as object), http } };
      return structuredClone(server);
    },
  };
  return { client: client as KubeClient, calls, server: () => server };
}

function cacheWith(object: KubeObject) {
  const virtualServices = new ObjectStore<KubeObject>();
  virtualServices.upsert(object);
  return { virtualServices, destinationRules: new ObjectStore<KubeObject>() };
}

const desired = { stableHash: 'aaa', canaryHash: 'bbb', canaryWeight: 30, headerRoutes: [], mirrorRoutes: [] };

describe('kubeIstioStore', () => {
  it('plans from the cached copy: one patch, no read from the server', async () => {
    const api = fakeApi(virtualService('7', 0));
    const router = createIstioTrafficRouter(rollout, kubeIstioStore(api.client, resources, cacheWith(virtualService('7', 0))));
    const result = await applyTrafficWithRetry(router, desired);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(api.calls, ['patch @7']);
    const routes = (api.server()['spec'] as { http: Array<{ route: Array<{ weight?: number }> }> }).http;
    assert.deepEqual(routes[0]!.route.map((route) => route.weight), [70, 30]);
    assert.deepEqual(routes[1], { name: 'other', route: [{ destination: { host: 'elsewhere' } }] }, 'other routes left as they were');
  });

  it('a stale cached copy is refused by its resourceVersion; the retry reads the server copy and succeeds from it', async () => {
    const api = fakeApi(virtualService('9', 10));
    const router = createIstioTrafficRouter(rollout, kubeIstioStore(api.client, resources, cacheWith(virtualService('7', 0))));
    const result = await applyTrafficWithRetry(router, desired);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(api.calls, ['patch @7', 'get @9', 'patch @9']);
    assert.equal(api.server().metadata.resourceVersion, '10');
  });

  it('without caches every read goes to the server', async () => {
    const api = fakeApi(virtualService('3', 0));
    const router = createIstioTrafficRouter(rollout, kubeIstioStore(api.client, resources));
    await applyTrafficWithRetry(router, desired);
    assert.deepEqual(api.calls, ['get @3', 'patch @3']);
  });
});
