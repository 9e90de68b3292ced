// The rollout controller's memory per rollout (RolloutMemory) lives as long as the Rollout: a
// deleted rollout's is released, and a pass that comes after the deletion (a delayed requeue: a
// pause's end, a cache that was behind) does not make it again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemTimers } from '../../../../../src/platform/kubernetes/client/timers.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { rolloutInformers } from '../../../../../src/runtime/kubernetes/controller.ts';
import { argoResources, istioResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { kubeEventRecorder } from '../../../../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { RolloutController } from '../../../../../src/runtime/kubernetes/rollouts/rollout-controller.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';
import { fakeClient, rolloutManifest } from '../support/fake-cluster.ts';

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
    const informers = new SharedInformerFactory(client, { namespace: 'shop' });
    const istio = istioResources('v1beta1');
    const controller = new RolloutController({
      client,
      informers: rolloutInformers(informers, undefined, istio),
      istio,
      events: kubeEventRecorder(client, () => undefined),
      timers: systemTimers,
      workers: 1,
      log: () => undefined,
    });
    controller.start();
    informers.start();
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
      await controller.stop();
      await informers.stop();
    }
    assert.equal(controller.remembered, 1, 'a pass after the deletion made memory for the deleted rollout again');
  });
});
