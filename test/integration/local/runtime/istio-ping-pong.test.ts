// A ping-pong canary (Argo's istio-host-split-ping-pong) through the local mesh's gateway: the ping
// and pong Services take turns as the stable one. Each promote hands all traffic to the Service that
// was the canary, which already selects the new pods; the next update makes the other one the canary.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gatewayTraffic, waitHealthy, type GatewayTraffic } from './gateway-traffic.ts';
import { copyFixture, rollout, startSluice, waitForRollout, type RunningSluice } from './sluice-run.ts';

const HOST = 'web.demo.svc.cluster.local';

describe('istio ping-pong through the gateway', () => {
  let sluice: RunningSluice;
  let traffic: GatewayTraffic;
  /** The [ping, pong] weights in place: the router reports the canary's, with the roles of the status. */
  const weights = async () => {
    const detail = await rollout(sluice, 'demo', 'web');
    const canary = detail.routes?.canaryWeight;
    assert.ok(canary !== undefined, JSON.stringify(detail.routes));
    return detail.rollout.status?.canary?.stablePingPong === 'ping' ? [100 - canary, canary] : [canary, 100 - canary];
  };

  before(async () => {
    sluice = await startSluice([copyFixture('istio-ping-pong')]);
    traffic = gatewayTraffic(sluice, HOST);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('makes ping the stable Service with the first deploy and serves it', async () => {
    await waitHealthy(sluice, 2);
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.stablePingPong, 'ping');
    assert.deepEqual(await weights(), [100, 0]);
    assert.deepEqual(await traffic.versions(30), { '200 1.0': 30 });
  });

  it('sends 25% to pong, the canary, during the first update', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the pause at 25%',
      (d) => d.rollout.status?.phase === 'Paused' && d.routes?.canaryWeight === 25,
    );
    assert.deepEqual(await weights(), [75, 25]);
    const n = 400;
    const counts = await traffic.versions(n);
    const canary = counts['200 2.0'] ?? 0;
    assert.equal(canary + (counts['200 1.0'] ?? 0), n, JSON.stringify(counts));
    const bound = 4.5 * Math.sqrt(n * 0.25 * 0.75);
    assert.ok(
      Math.abs(canary - n * 0.25) <= bound,
      `${canary} of ${n} to the canary, expected ${n * 0.25} ± ${bound.toFixed(0)}`,
    );
  });

  it('hands the stable role and all traffic to pong on promote', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/promote');
    const stable = await waitForRollout(
      sluice,
      'demo',
      'web',
      'Healthy on the new revision',
      (d) =>
        d.rollout.status?.phase === 'Healthy' &&
        d.rollout.status.stableRS === d.rollout.status.currentPodHash &&
        d.rollout.status.stableRS,
    );
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.stablePingPong, 'pong');
    assert.ok(stable);
    assert.deepEqual(await weights(), [0, 100]);
    assert.deepEqual(await traffic.versions(50), { '200 2.0': 50 });
  });

  it('makes ping the canary of the next update, and stable again once promoted', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:3.0' });
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the pause at 25%',
      (d) => d.rollout.status?.phase === 'Paused' && d.routes?.canaryWeight === 25,
    );
    assert.deepEqual(await weights(), [25, 75]);
    await sluice.client.post('/api/v1/rollouts/demo/web/promote');
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'Healthy on the third revision',
      (d) => d.rollout.status?.phase === 'Healthy' && d.rollout.status.canary?.stablePingPong === 'ping',
    );
    assert.deepEqual(await weights(), [100, 0]);
    assert.deepEqual(await traffic.versions(50), { '200 3.0': 50 });
  });
});
