// A Gateway API canary run by `sluice run` with real HTTP through the local gateway: the router
// writes the HTTPRoute in the store and the gateway serves what it wrote. 10% of 1000 requests go
// to the canary (within 3 points), every request with x-canary: true does, and no request fails
// while the rollout is promoted to the end or, for the next update, aborted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  failures,
  gatewayTraffic,
  waitAborted,
  waitHeaderRoutePause,
  waitHealthy,
  type GatewayTraffic,
} from './gateway-traffic.ts';
import { copyFixture, rollout, startSluice, waitForRollout, type RunningSluice } from './sluice-run.ts';

const HOST = 'web.demo.example';

describe('gateway API canary through the local gateway', () => {
  let sluice: RunningSluice;
  let traffic: GatewayTraffic;

  before(async () => {
    sluice = await startSluice([copyFixture('gateway-api-canary')]);
    traffic = gatewayTraffic(sluice, HOST);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('serves the stable version once Healthy', async () => {
    await waitHealthy(sluice);
    assert.deepEqual(await traffic.versions(30), { '200 1.0': 30 });
  });

  it('reaches the header route with 10% to the canary, verified', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    await waitHeaderRoutePause(sluice, 10);
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.weights?.canary.weight, 10);
    assert.equal(detail.rollout.status?.canary?.weights?.verified, true, 'the stored route is what the gateway serves');
  });

  it('sends every request with x-canary: true to the canary', async () => {
    assert.deepEqual(await traffic.versions(100, { 'x-canary': 'true' }), { '200 2.0': 100 });
  });

  it('sends 10% of 1000 requests to the canary, within 3 points', async () => {
    const n = 1000;
    const counts = await traffic.versions(n);
    const canary = counts['200 2.0'] ?? 0;
    assert.equal(canary + (counts['200 1.0'] ?? 0), n, JSON.stringify(counts));
    assert.ok(Math.abs(canary / n - 0.1) <= 0.03, `${canary} of ${n} to the canary, expected 10% ± 3 points`);
  });

  it('loses no request while promoted to the end', async () => {
    const replies = await traffic.during(async () => {
      await sluice.client.post('/api/v1/rollouts/demo/web/promote');
      await waitForRollout(
        sluice,
        'demo',
        'web',
        'the new revision to be stable',
        (d) =>
          d.rollout.status?.phase === 'Healthy' && d.routes?.canaryWeight === 0 && d.routes.headerRoutes.length === 0,
      );
    });
    assert.ok(replies.length > 0);
    assert.deepEqual(failures(replies), { ok: replies.length });
    assert.deepEqual(await traffic.versions(50), { '200 2.0': 50 });
  });

  it('loses no request while the next update is aborted, and puts everything back on stable', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:3.0' });
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the next update at its header route',
      (d) => d.rollout.status?.currentStepIndex === 2 && d.routes?.canaryWeight === 10,
    );
    const replies = await traffic.during(async () => {
      await sluice.client.post('/api/v1/rollouts/demo/web/abort');
      await waitAborted(sluice);
    });
    assert.deepEqual(failures(replies), { ok: replies.length });
    assert.deepEqual(await traffic.versions(100), { '200 2.0': 100 });
    assert.deepEqual(await traffic.versions(30, { 'x-canary': 'true' }), { '200 2.0': 30 });
  });
});
