// Blue-green in the local runtime: the preview Service selects the new revision while the active
// one keeps serving the old; promote through the API switches the active Service; the old
// revision is scaled down after scaleDownDelaySeconds. Requests go through the gateway by Host.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { copyFixture, readyPodsByHash, startSluice, waitForRollout, type RunningSluice } from './sluice-run.ts';

describe('blue-green through sluice run', () => {
  let sluice: RunningSluice;
  let port: number;
  const versions = async (host: string) =>
    countBy(
      await sendMany(20, 4, () => send(port, { host })),
      (reply) => `${reply.status} ${reply.headers['x-colorapi-version'] ?? '-'}`,
    );

  before(async () => {
    sluice = await startSluice([copyFixture('blue-green')]);
    port = Number(new URL(sluice.gatewayUrl).port);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('serves the first version on both Services once Healthy', async () => {
    await waitForRollout(
      sluice,
      'default',
      'bluegreen-demo',
      'Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 3,
    );
    assert.deepEqual(await versions('bluegreen-active'), { '200 1.0': 20 });
    assert.deepEqual(await versions('bluegreen-preview'), { '200 1.0': 20 });
  });

  it('previews a new image on the preview Service only, until promoted', async () => {
    await sluice.client.post('/api/v1/rollouts/default/bluegreen-demo/set-image', {
      container: 'bluegreen-demo',
      image: 'sluice/colorapi:2.0',
    });
    await waitForRollout(sluice, 'default', 'bluegreen-demo', 'the preview to be paused', (d) => {
      const status = d.rollout.status;
      return (
        status?.phase === 'Paused' &&
        readyPodsByHash(d)[status.currentPodHash ?? ''] === 1 &&
        status.blueGreen?.previewSelector === status.currentPodHash
      );
    });
    assert.deepEqual(await versions('bluegreen-active'), { '200 1.0': 20 });
    assert.deepEqual(await versions('bluegreen-preview'), { '200 2.0': 20 });
  });

  it('switches the active Service on promote and scales the old revision down after the delay', async () => {
    const old = (await waitForRollout(
      sluice,
      'default',
      'bluegreen-demo',
      'the stable hash',
      (d) => d.rollout.status?.stableRS,
    )) as string;
    await sluice.client.post('/api/v1/rollouts/default/bluegreen-demo/promote');
    await waitForRollout(
      sluice,
      'default',
      'bluegreen-demo',
      'the switch',
      (d) =>
        d.rollout.status?.blueGreen?.activeSelector === d.rollout.status?.currentPodHash &&
        d.rollout.status?.currentPodHash !== old,
    );
    assert.deepEqual(await versions('bluegreen-active'), { '200 2.0': 20 });
    await waitForRollout(sluice, 'default', 'bluegreen-demo', 'Healthy with the old revision scaled down', (d) => {
      const status = d.rollout.status;
      return (
        status?.phase === 'Healthy' &&
        status.stableRS === status.currentPodHash &&
        d.replicaSets.find((rs) => rs.metadata.name?.endsWith(old))?.spec.replicas === 0
      );
    });
  });
});
