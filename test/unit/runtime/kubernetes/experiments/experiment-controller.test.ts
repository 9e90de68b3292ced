// The Experiment controller wired as the controller wires it, over the fake client: an Experiment
// gets its template ReplicaSet (created at 0, then scaled), its status written with the object;
// with the ReplicaSet's pods reported available (no ReplicaSet controller runs here) it is Running.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemTimers } from '../../../../../src/platform/kubernetes/client/timers.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { createExperimentController } from '../../../../../src/runtime/kubernetes/experiments/experiment-controller.ts';
import { argoResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';
import { fakeClient } from '../support/fake-cluster.ts';

describe('ExperimentController over the fake client', () => {
  it('creates, scales and follows the template ReplicaSet and writes the status', async () => {
    const client = fakeClient();
    await client.create(argoResources.experiments, 'shop', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Experiment',
      metadata: { name: 'trial' },
      spec: {
        templates: [
          {
            name: 'candidate',
            replicas: 2,
            selector: { matchLabels: { app: 'candidate' } },
            template: {
              metadata: { labels: { app: 'candidate' } },
              spec: { containers: [{ name: 'app', image: 'app:2' }] },
            },
          },
        ],
      },
    });
    const informers = new SharedInformerFactory(client, { namespace: 'shop' });
    const lines: string[] = [];
    const controller = createExperimentController({
      client,
      informers,
      timers: systemTimers,
      workers: 2,
      log: (line) => lines.push(line),
    });
    informers.start();
    assert.ok(await informers.waitForCacheSync());
    controller.start();
    try {
      const scaled = await pollUntil(
        async () => {
          const rs = await client.get(workloadResources.replicaSets, 'shop', 'trial-candidate').catch(() => undefined);
          return rs?.spec.replicas === 2 ? rs : undefined;
        },
        { what: 'the template ReplicaSet at 2 replicas', timeoutMs: 10_000, intervalMs: 20 },
      );
      assert.equal(scaled.metadata.ownerReferences?.[0]?.name, 'trial');
      await client.patch(workloadResources.replicaSets, 'shop', 'trial-candidate', {
        status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
      });
      const running = await pollUntil(
        async () => {
          const experiment = await client.get(argoResources.experiments, 'shop', 'trial');
          return experiment.status?.phase === 'Running' ? experiment : undefined;
        },
        { what: 'the Experiment to be Running', timeoutMs: 10_000, intervalMs: 20 },
      );
      assert.ok(running.status?.availableAt);
      assert.equal(running.status?.templateStatuses?.[0]?.availableReplicas, 2);
    } catch (error) {
      throw new Error(`${(error as Error).message}\ncontroller log:\n${lines.join('\n')}`);
    } finally {
      await controller.stop();
      await informers.stop();
    }
  });
});
