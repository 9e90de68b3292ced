// The rollout controller's memory per rollout (RolloutMemory) lives as long as the Rollout: a
// deleted rollout's is released, and a pass that comes after the deletion (a delayed requeue: a
// pause's end, a cache that was behind) does not make it again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argoResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';
import { fakeClient, rolloutManifest } from '../support/fake-cluster.ts';
import { startFakeController } from '../support/fake-controller.ts';

describe('RolloutController memory', () => {
  it("releases a deleted rollout's memory, and a pass after the deletion does not make it again", async () => {
    const client = fakeClient();
    for (const name of ['web', 'api']) {
      for (const service of [`${name}-stable`, `${name}-canary`])
        await client.create(workloadResources.services, 'shop', {
          metadata: { name: service },
          spec: { selector: { app: name }, ports: [{ port: 80 }] },
        });
      await client.create(argoResources.rollouts, 'shop', rolloutManifest(name));
    }
    const { controller, stop } = startFakeController(client, { workers: 1 });
    try {
      await pollUntil(
        async () => {
          const list = await client.list(argoResources.rollouts, { namespace: 'shop' });
          return list.items.every((rollout) => rollout.status?.stableRS) ? true : undefined;
        },
        { what: 'both rollouts to be reconciled', timeoutMs: 10_000, intervalMs: 20 },
      );
      assert.equal(controller.remembered, 2);
      await client.delete(argoResources.rollouts, 'shop', 'web');
      await pollUntil(async () => (controller.remembered === 1 ? true : undefined), {
        what: "the deleted rollout's memory to be released",
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      // A requeue of the deleted rollout; stopping drains the queue, so its pass runs before stop() returns.
      controller.enqueue('shop/web');
    } finally {
      await stop();
    }
    assert.equal(controller.remembered, 1, 'a pass after the deletion made memory for the deleted rollout again');
  });
});
