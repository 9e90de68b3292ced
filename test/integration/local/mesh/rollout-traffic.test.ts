// One code path for traffic: the Istio router writes the mesh's store, and the gateway serves what
// it wrote. Subset-level weights (DestinationRule subsets by rollouts-pod-template-hash), a
// setHeaderRoute, a setMirrorRoute, and mirrors whose answers never reach the client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import { createIstioTrafficRouter } from '../../../../src/traffic/routers/istio/istio-router.ts';
import { waitFor } from '../../../support/ports.ts';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { destinationRule, roleOfPod, startTestMesh, to, virtualService, type TestMesh } from './mesh-fixtures.ts';

const rollout: Rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    strategy: {
      canary: {
        trafficRouting: {
          managedRoutes: [{ name: 'canary-header' }, { name: 'mirror-posts' }],
          istio: {
            virtualService: { name: 'web-vs', routes: ['primary'] },
            destinationRule: { name: 'web-dr', canarySubsetName: 'canary', stableSubsetName: 'stable' },
          },
        },
      },
    },
  },
};

function desired(canaryWeight: number, extra: Partial<DesiredTraffic> = {}): DesiredTraffic {
  return { stableHash: 'aaa', canaryHash: 'bbb', canaryWeight, headerRoutes: [], mirrorRoutes: [], ...extra };
}

describe('rollout traffic through the local mesh', () => {
  let t: TestMesh;
  const router = () => createIstioTrafficRouter(rollout, t.mesh.store, { storeIsServed: true });
  const roles = async (n: number, request: Parameters<typeof send>[1] = {}) =>
    countBy(await sendMany(n, 4, () => send(t.mesh.gateway.port, { host: 'web', ...request })), (r) =>
      roleOfPod(r.headers['x-pod'] as string),
    );

  before(async () => {
    t = await startTestMesh();
    await t.mesh.store.putVirtualService(
      virtualService(
        'web-vs',
        ['web'],
        [{ name: 'primary', route: [to('web', 100, 'stable'), to('web', 0, 'canary')] }],
      ),
    );
    await t.mesh.store.putDestinationRule(
      destinationRule('web-dr', 'web', [
        { name: 'stable', labels: {} },
        { name: 'canary', labels: {} },
      ]),
    );
  });
  after(() => t.close());

  it('moves subset-level weights as the router writes them, selecting pods by the subset labels', async () => {
    const applied = await router().apply(desired(0));
    assert.deepEqual(applied.problems, []);
    assert.equal(await router().verify(desired(0)), true);
    assert.deepEqual(await roles(40), { stable: 40 });
    await router().apply(desired(100));
    assert.deepEqual(await roles(40), { canary: 40 });
    await router().apply(desired(0));
    assert.deepEqual(await roles(40), { stable: 40 });
  });

  it('sends requests with x-canary: true to the canary through a setHeaderRoute', async () => {
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

  it('copies mirrored requests to the canary with a -shadow host, and answers from the primary', async () => {
    const canary = t.pods['web-bbb-1'];
    assert.ok(canary);
    const before = canary.received.length;
    await router().apply(
      desired(0, { mirrorRoutes: [{ name: 'mirror-posts', match: [{ method: { exact: 'POST' } }], percentage: 100 }] }),
    );
    const replies = await sendMany(30, 3, (i) =>
      send(t.mesh.gateway.port, { host: 'web', method: 'POST', path: `/orders/${i}`, body: `order ${i}` }),
    );
    assert.deepEqual(
      countBy(replies, (r) => roleOfPod(r.headers['x-pod'] as string)),
      { stable: 30 },
    );
    await waitFor(
      '30 mirrored copies',
      async () => (canary.received.length - before >= 30 ? true : undefined),
      10_000,
      10,
    );
    const copies = canary.received.slice(before);
    assert.equal(copies.length, 30);
    assert.ok(copies.every((c) => c.headers.host === 'web-shadow' && c.method === 'POST'));
    assert.deepEqual(copies.map((c) => c.body).sort(), replies.map((_, i) => `order ${i}`).sort());
    // GETs do not match the mirror route's match and are not copied.
    await roles(10);
    assert.equal(canary.received.length - before, 30);
    await router().apply(desired(0));
  });
});

describe('mirror failures never reach the client', () => {
  const failures: Array<{ name: string; handler: Parameters<typeof startTestMesh>[0] }> = [
    { name: 'mirror answers 500', handler: { canaryHandler: (_r, response) => response.writeHead(500).end('boom') } },
    { name: 'mirror drops the connection', handler: { canaryHandler: (_r, response) => response.socket?.destroy() } },
    { name: 'mirror never answers', handler: { canaryHandler: () => undefined } },
  ];
  for (const failure of failures) {
    it(failure.name, async () => {
      const t = await startTestMesh(failure.handler);
      try {
        await t.mesh.store.putVirtualService(
          virtualService(
            'mirror',
            ['web'],
            [{ route: [to('web-stable')], mirror: { host: 'web-canary' }, mirrorPercentage: { value: 100 } }],
          ),
        );
        const replies = await sendMany(20, 4, () => send(t.mesh.gateway.port, { host: 'web' }));
        assert.deepEqual(
          countBy(replies, (r) => `${r.status} ${roleOfPod(r.headers['x-pod'] as string)}`),
          { '200 stable': 20 },
        );
        await waitFor(
          'the copies to arrive',
          async () => ((t.pods['web-bbb-1']?.received.length ?? 0) >= 20 ? true : undefined),
          10_000,
          10,
        );
      } finally {
        await t.close();
      }
    });
  }

  it('mirrors a share of requests close to mirrorPercentage', async () => {
    const t = await startTestMesh();
    try {
      await t.mesh.store.putVirtualService(
        virtualService(
          'mirror',
          ['web'],
          [{ route: [to('web-stable')], mirror: { host: 'web-canary' }, mirrorPercentage: { value: 25 } }],
        ),
      );
      const n = 2000;
      await sendMany(n, 16, () => send(t.mesh.gateway.port, { host: 'web' }));
      const bound = 4.5 * Math.sqrt(n * 0.25 * 0.75);
      const copies = await waitFor('copies to settle', async () => {
        const before = t.pods['web-bbb-1']?.received.length ?? 0;
        await send(t.mesh.gateway.port, { host: 'api' });
        const now = t.pods['web-bbb-1']?.received.length ?? 0;
        return now === before && t.mesh.drained('default', 'web-bbb-1') ? now : undefined;
      });
      assert.ok(
        Math.abs(copies - n * 0.25) <= bound,
        `${copies} copies of ${n}, expected ${n * 0.25} ± ${bound.toFixed(0)}`,
      );
    } finally {
      await t.close();
    }
  });
});
