// Istio subset-level traffic through the local mesh's gateway, with the rollout driven by the API:
// the Istio router writes the store, the gateway routes from it. A header route sends x-canary:
// true to the canary; the weights hold within binomial bounds; abort sends everything back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../../src/runtime/local/api/client.ts';
import {
  gatewayTraffic,
  waitAborted,
  waitHeaderRoutePause,
  waitHealthy,
  type GatewayTraffic,
} from './gateway-traffic.ts';
import { ROOT, copyFixture, rollout, startSluice, type RunningSluice } from './sluice-run.ts';

const HOST = 'web.demo.svc.cluster.local';

describe('istio subset split through the gateway', () => {
  let sluice: RunningSluice;
  let traffic: GatewayTraffic;

  before(async () => {
    sluice = await startSluice([copyFixture('istio-subset-split')]);
    traffic = gatewayTraffic(sluice, HOST);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('serves the stable version once Healthy', async () => {
    await waitHealthy(sluice, 3);
    assert.deepEqual(await traffic.versions(30), { '200 1.0': 30 });
  });

  it('sets the image through the API and reaches the header route with 20% to the canary', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    await waitHeaderRoutePause(sluice, 20);
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.weights?.canary.weight, 20);
    assert.equal(detail.rollout.status?.canary?.weights?.verified, true);
  });

  it('sends every request with x-canary: true to the canary', async () => {
    assert.deepEqual(await traffic.versions(50, { 'x-canary': 'true' }), { '200 2.0': 50 });
  });

  it('splits the other requests 80/20 within binomial bounds', async () => {
    const n = 1000;
    const counts = await traffic.versions(n);
    const canary = counts['200 2.0'] ?? 0;
    assert.equal(canary + (counts['200 1.0'] ?? 0), n, JSON.stringify(counts));
    const bound = 4.5 * Math.sqrt(n * 0.2 * 0.8);
    assert.ok(
      Math.abs(canary - n * 0.2) <= bound,
      `${canary} of ${n} to the canary, expected ${n * 0.2} ± ${bound.toFixed(0)}`,
    );
  });

  it('refuses a VirtualService with a single destination and leaves the routes in place', async () => {
    const before = await rollout(sluice, 'demo', 'web');
    const text = readFileSync(path.join(ROOT, 'examples/invalid/single-destination/istio.yaml'), 'utf8');
    await assert.rejects(
      sluice.client.post('/api/v1/apply', { sources: [{ file: 'istio.yaml', text }] }),
      (error: unknown) =>
        error instanceof ApiError &&
        error.status === 422 &&
        error.issues.some((line) => line.includes('istio.yaml:25') && line.includes('has a single destination')),
    );
    const after = await rollout(sluice, 'demo', 'web');
    assert.deepEqual(after.routes, before.routes);
    assert.deepEqual(after.rollout, before.rollout);
    assert.deepEqual(await traffic.versions(20, { 'x-canary': 'true' }), { '200 2.0': 20 });
  });

  it('abort through the API returns all traffic to stable and gives Degraded', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/abort');
    await waitAborted(sluice);
    assert.deepEqual(await traffic.versions(100), { '200 1.0': 100 });
    assert.deepEqual(await traffic.versions(30, { 'x-canary': 'true' }), { '200 1.0': 30 });
    const detail = await rollout(sluice, 'demo', 'web');
    assert.ok(
      detail.events.some((e) => e.reason === 'RolloutAborted'),
      JSON.stringify(detail.events.map((e) => e.reason)),
    );
  });
});
