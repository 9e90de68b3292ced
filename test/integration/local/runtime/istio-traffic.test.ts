// Istio subset-level traffic through the local mesh's gateway, with the rollout driven by the API:
// the Istio router writes the store, the gateway routes from it. A header route sends x-canary:
// true to the canary; the weights hold within binomial bounds; abort sends everything back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../../src/runtime/local/api/client.ts';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import {
  copyFixture,
  readyPodsByHash,
  ROOT,
  rollout,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

const HOST = 'web.demo.svc.cluster.local';

describe('istio subset split through the gateway', () => {
  let sluice: RunningSluice;
  let port: number;
  const versions = async (n: number, headers: Record<string, string> = {}) =>
    countBy(
      await sendMany(n, 8, () => send(port, { host: HOST, headers })),
      (reply) => `${reply.status} ${reply.headers['x-colorapi-version'] ?? '-'}`,
    );

  before(async () => {
    sluice = await startSluice([copyFixture('istio-subset-split')]);
    port = Number(new URL(sluice.gatewayUrl).port);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('serves the stable version once Healthy', async () => {
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the first deploy to be Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 3,
    );
    assert.deepEqual(await versions(30), { '200 1.0': 30 });
  });

  it('sets the image through the API and reaches the header route with 20% to the canary', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    await waitForRollout(sluice, 'demo', 'web', 'the pause after the header route', (d) => {
      const status = d.rollout.status;
      return (
        status?.phase === 'Paused' &&
        status.currentStepIndex === 2 &&
        d.routes?.canaryWeight === 20 &&
        d.routes.headerRoutes.includes('canary-by-header')
      );
    });
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.weights?.canary.weight, 20);
    assert.equal(detail.rollout.status?.canary?.weights?.verified, true);
  });

  it('sends every request with x-canary: true to the canary', async () => {
    assert.deepEqual(await versions(50, { 'x-canary': 'true' }), { '200 2.0': 50 });
  });

  it('splits the other requests 80/20 within binomial bounds', async () => {
    const n = 1000;
    const counts = await versions(n);
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
    assert.deepEqual(await versions(20, { 'x-canary': 'true' }), { '200 2.0': 20 });
  });

  it('abort through the API returns all traffic to stable and gives Degraded', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/abort');
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the abort',
      (d) =>
        d.rollout.status?.phase === 'Degraded' && d.routes?.canaryWeight === 0 && d.routes.headerRoutes.length === 0,
    );
    assert.deepEqual(await versions(100), { '200 1.0': 100 });
    assert.deepEqual(await versions(30, { 'x-canary': 'true' }), { '200 1.0': 30 });
    const detail = await rollout(sluice, 'demo', 'web');
    assert.ok(
      detail.events.some((e) => e.reason === 'RolloutAborted'),
      JSON.stringify(detail.events.map((e) => e.reason)),
    );
  });
});
