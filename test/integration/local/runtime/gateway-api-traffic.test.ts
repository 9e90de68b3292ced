// A Gateway API canary run by `sluice run` with real HTTP through the local gateway: the router
// writes the HTTPRoute in the store and the gateway serves what it wrote. 10% of 1000 requests go
// to the canary (within 3 points), every request with x-canary: true does, and no request fails
// while the rollout is promoted to the end or, for the next update, aborted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countBy, send, sendMany, type Reply } from '../services/pod-servers.ts';
import { copyFixture, rollout, startSluice, waitForRollout, type RunningSluice } from './sluice-run.ts';

const HOST = 'web.demo.example';

describe('gateway API canary through the local gateway', () => {
  let sluice: RunningSluice;
  let port: number;
  const versions = async (n: number, headers: Record<string, string> = {}) =>
    countBy(
      await sendMany(n, 8, () => send(port, { host: HOST, headers })),
      (reply) => `${reply.status} ${reply.headers['x-colorapi-version'] ?? '-'}`,
    );

  /** Sends requests without pause until `during` settles; returns every reply. */
  async function trafficDuring(during: () => Promise<unknown>): Promise<Reply[]> {
    const replies: Reply[] = [];
    let done = false;
    const worker = async () => {
      while (!done)
        replies.push(
          await send(port, { host: HOST }).catch((error: Error) => ({ status: 0, body: error.message, headers: {} })),
        );
    };
    const workers = Array.from({ length: 4 }, worker);
    try {
      await during();
    } finally {
      done = true;
      await Promise.all(workers);
    }
    return replies;
  }

  before(async () => {
    sluice = await startSluice([copyFixture('gateway-api-canary')]);
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
      (d) => d.rollout.status?.phase === 'Healthy',
    );
    assert.deepEqual(await versions(30), { '200 1.0': 30 });
  });

  it('reaches the header route with 10% to the canary, verified', async () => {
    await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    await waitForRollout(sluice, 'demo', 'web', 'the pause after the header route', (d) => {
      const status = d.rollout.status;
      return (
        status?.phase === 'Paused' &&
        status.currentStepIndex === 2 &&
        d.routes?.canaryWeight === 10 &&
        d.routes.headerRoutes.includes('canary-by-header')
      );
    });
    const detail = await rollout(sluice, 'demo', 'web');
    assert.equal(detail.rollout.status?.canary?.weights?.canary.weight, 10);
    assert.equal(detail.rollout.status?.canary?.weights?.verified, true, 'the stored route is what the gateway serves');
  });

  it('sends every request with x-canary: true to the canary', async () => {
    assert.deepEqual(await versions(100, { 'x-canary': 'true' }), { '200 2.0': 100 });
  });

  it('sends 10% of 1000 requests to the canary, within 3 points', async () => {
    const n = 1000;
    const counts = await versions(n);
    const canary = counts['200 2.0'] ?? 0;
    assert.equal(canary + (counts['200 1.0'] ?? 0), n, JSON.stringify(counts));
    assert.ok(Math.abs(canary / n - 0.1) <= 0.03, `${canary} of ${n} to the canary, expected 10% ± 3 points`);
  });

  it('loses no request while promoted to the end', async () => {
    const replies = await trafficDuring(async () => {
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
    assert.deepEqual(
      countBy(replies, (reply) => (reply.status === 200 ? 'ok' : `${reply.status} ${reply.body}`)),
      { ok: replies.length },
    );
    assert.deepEqual(await versions(50), { '200 2.0': 50 });
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
    const replies = await trafficDuring(async () => {
      await sluice.client.post('/api/v1/rollouts/demo/web/abort');
      await waitForRollout(
        sluice,
        'demo',
        'web',
        'the abort',
        (d) =>
          d.rollout.status?.phase === 'Degraded' && d.routes?.canaryWeight === 0 && d.routes.headerRoutes.length === 0,
      );
    });
    assert.deepEqual(
      countBy(replies, (reply) => (reply.status === 200 ? 'ok' : `${reply.status} ${reply.body}`)),
      { ok: replies.length },
    );
    assert.deepEqual(await versions(100), { '200 2.0': 100 });
    assert.deepEqual(await versions(30, { 'x-canary': 'true' }), { '200 2.0': 30 });
  });
});
