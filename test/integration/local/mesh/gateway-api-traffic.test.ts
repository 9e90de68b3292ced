// Gateway API traffic through the local mesh with real HTTP: the Gateway API router writes the
// HTTPRoute in the local store, the store is followed by the mesh, and the gateway serves what was
// written: weights, a header route, and a mirror route whose copies reach the canary with a -shadow
// host while the answers come from the weighted backends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KnownObject } from '../../../../src/api/types/index.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { followStoreInMesh } from '../../../../src/runtime/local/controller/mesh-routes.ts';
import { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';
import { routeObjectsOf } from '../../../../src/runtime/local/store/route-objects.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import { createGatewayApiTrafficRouter } from '../../../../src/traffic/routers/gateway-api/gateway-api-router.ts';
import { waitFor } from '../../../support/ports.ts';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { roleOfPod, startTestMesh, type TestMesh } from './mesh-fixtures.ts';

const HOST = 'web.example.com';

const rollout: Rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    strategy: {
      canary: {
        stableService: 'web-stable',
        canaryService: 'web-canary',
        trafficRouting: {
          managedRoutes: [{ name: 'canary-header' }, { name: 'mirror-posts' }],
          plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web-route' } },
        },
      },
    },
  },
} as Rollout;

const httpRoute = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web-route', namespace: 'default' },
  spec: {
    hostnames: [HOST],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'web-stable', port: 80, weight: 100 },
          { name: 'web-canary', port: 80, weight: 0 },
        ],
      },
    ],
  },
};

function desired(canaryWeight: number, extra: Partial<DesiredTraffic> = {}): DesiredTraffic {
  return { stableHash: 'aaa', canaryHash: 'bbb', canaryWeight, headerRoutes: [], mirrorRoutes: [], ...extra };
}

describe('Gateway API traffic through the local mesh', () => {
  let t: TestMesh;
  let stopFollowing: () => void;
  const store = new ObjectStore();
  const router = () => createGatewayApiTrafficRouter(rollout, routeObjectsOf(store), { storeIsServed: true });
  const roles = async (n: number, request: Parameters<typeof send>[1] = {}) =>
    countBy(await sendMany(n, 4, () => send(t.mesh.gateway.port, { host: HOST, ...request })), (r) =>
      roleOfPod(r.headers['x-pod'] as string),
    );

  before(async () => {
    t = await startTestMesh();
    stopFollowing = followStoreInMesh(store, t.mesh.store);
    store.put(httpRoute as KnownObject);
  });
  after(async () => {
    stopFollowing();
    await t.close();
  });

  it('serves the weights the router writes, and verifies them', async () => {
    assert.deepEqual(await roles(30), { stable: 30 });
    assert.deepEqual((await router().apply(desired(100))).problems, []);
    assert.equal(await router().verify(desired(100)), true);
    assert.deepEqual(await roles(30), { canary: 30 });
    await router().apply(desired(0));
    assert.deepEqual(await roles(30), { stable: 30 });
  });

  it('sends requests with x-canary: true to the canary through a header route', async () => {
    await router().apply(
      desired(0, {
        headerRoutes: [{ name: 'canary-header', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] }],
      }),
    );
    assert.deepEqual(await roles(20, { headers: { 'x-canary': 'true' } }), { canary: 20 });
    assert.deepEqual(await roles(20, { headers: { 'x-canary': 'no' } }), { stable: 20 });
    await router().apply(desired(0));
    assert.deepEqual(await roles(20, { headers: { 'x-canary': 'true' } }), { stable: 20 });
  });

  it('copies the requests a mirror route matches to the canary, and answers from the weighted backends', async () => {
    const canary = t.pods['web-bbb-1'];
    assert.ok(canary);
    const before = canary.received.length;
    await router().apply(
      desired(0, { mirrorRoutes: [{ name: 'mirror-posts', match: [{ method: { exact: 'POST' } }], percentage: 100 }] }),
    );
    const replies = await sendMany(30, 3, (i) =>
      send(t.mesh.gateway.port, { host: HOST, method: 'POST', path: `/orders/${i}`, body: `order ${i}` }),
    );
    assert.deepEqual(
      countBy(replies, (r) => `${r.status} ${roleOfPod(r.headers['x-pod'] as string)}`),
      { '200 stable': 30 },
    );
    await waitFor(
      '30 mirrored copies',
      async () => (canary.received.length - before >= 30 ? true : undefined),
      10_000,
      10,
    );
    const copies = canary.received.slice(before);
    assert.equal(copies.length, 30);
    assert.ok(copies.every((copy) => copy.headers.host === `${HOST}-shadow` && copy.method === 'POST'));
    assert.deepEqual(copies.map((copy) => copy.body).sort(), replies.map((_, i) => `order ${i}`).sort());
    await roles(10); // GETs do not match the mirror route
    assert.equal(canary.received.length - before, 30);
    await router().apply(desired(0));
    assert.deepEqual((await router().observe())?.mirrorRoutes, []);
  });
});
