// An NGINX Ingress canary through the local mesh's gateway: the NGINX router writes the canary
// Ingress into the store, the gateway serves the Ingresses as ingress-nginx does. The weight holds
// within 3 points, x-canary: true goes to the canary every time, and no request
// fails while the rollout is promoted to the end, nor while the next update is aborted.
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

const HOST = 'web.example.com';

describe('nginx canary Ingress through the gateway', () => {
  let sluice: RunningSluice;
  let traffic: GatewayTraffic;

  before(async () => {
    sluice = await startSluice([copyFixture('nginx-canary')]);
    traffic = gatewayTraffic(sluice, HOST);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('serves the stable version through the stable Ingress once Healthy', async () => {
    await waitHealthy(sluice, 3);
    assert.deepEqual(await traffic.versions(30), { '200 1.0': 30 });
  });

  it('reaches the header route with 20% to the canary, verified by reading the Ingresses back', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    await waitHeaderRoutePause(sluice, 20);
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.weights?.verified, true);
  });

  it('sends every request with x-canary: true to the canary', async () => {
    assert.deepEqual(await traffic.versions(100, { 'x-canary': 'true' }), { '200 2.0': 100 });
  });

  it('splits the other requests 80/20 within 3 points', async () => {
    // 4000 requests: 3 points are then 4.7 standard deviations (over 1000 they would be 2.4, failing 1 run in 60).
    const n = 4000;
    const counts = await traffic.versions(n);
    const canary = counts['200 2.0'] ?? 0;
    assert.equal(canary + (counts['200 1.0'] ?? 0), n, JSON.stringify(counts));
    assert.ok(Math.abs((canary / n) * 100 - 20) <= 3, `${canary} of ${n} to the canary, expected 20% ± 3 points`);
  });

  it('promotes to the end with no request failing, then serves the new version only', async () => {
    const replies = await traffic.during(async () => {
      await sluice.client.post('/api/v1/rollouts/demo/web/promote');
      await waitForRollout(
        sluice,
        'demo',
        'web',
        'the update to complete',
        (d) =>
          d.rollout.status?.phase === 'Healthy' &&
          d.rollout.status.stableRS === d.rollout.status.currentPodHash &&
          d.routes?.canaryWeight === 0,
      );
    });
    assert.ok(replies.length > 0);
    assert.deepEqual(failures(replies), { ok: replies.length });
    assert.deepEqual(await traffic.versions(100), { '200 2.0': 100 });
  });

  it('aborts the next update with no request failing, and everything back on the stable version', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:3.0' });
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the third revision at the header route',
      (d) => d.rollout.status?.currentStepIndex === 2 && d.routes?.canaryWeight === 20,
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
