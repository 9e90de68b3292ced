// A standalone Experiment on the local runtime, with real pods (the built-in colorapi as
// processes): its template becomes a local ReplicaSet whose pods become ready, the Experiment is
// Running with availableAt, gets its template Service, is Successful once its duration passes, and
// its pods are stopped (scaleDownDelaySeconds 0) and its Service removed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Experiment } from '../../../../src/api/types/experiment.ts';
import { LocalExperimentController } from '../../../../src/runtime/local/controller/experiment-controller.ts';
import { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';
import { waitFor } from '../../../support/ports.ts';
import { testEnvironment } from '../pods/fixtures.ts';

const experiment: Experiment = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Experiment',
  metadata: { name: 'trial', namespace: 'demo', uid: 'uid-trial' },
  spec: {
    duration: '3s',
    scaleDownDelaySeconds: 0,
    templates: [
      {
        name: 'candidate',
        replicas: 2,
        service: {},
        selector: { matchLabels: { app: 'candidate' } },
        template: {
          metadata: { labels: { app: 'candidate' } },
          spec: { containers: [{ name: 'web', image: 'sluice/colorapi:1.0', ports: [{ containerPort: 8080 }] }] },
        },
      },
    ],
  },
};

describe('Experiments on the local runtime', () => {
  const store = new ObjectStore();
  const controller = new LocalExperimentController({ store, environment: testEnvironment() });
  after(() => controller.stop());

  it('runs the template as real pods until the duration passes, then stops them', { timeout: 120_000 }, async () => {
    store.put(experiment);
    controller.start();
    const read = () => store.get('Experiment', 'demo', 'trial');
    const running = await waitFor(
      'the Experiment to be Running',
      async () => (read()?.status?.phase === 'Running' ? read() : undefined),
      60_000,
    );
    assert.ok(running?.status?.availableAt);
    const [replicaSet] = (await controller.workloadsOf('demo', 'trial')?.observe()) ?? [];
    assert.equal(replicaSet?.name, 'trial-candidate');
    assert.equal(replicaSet?.availableReplicas, 2, 'two real pods are ready');
    assert.equal(running?.status?.templateStatuses?.[0]?.serviceName, 'trial-candidate');
    assert.ok(store.get('Service', 'demo', 'trial-candidate'), 'the template Service is stored');

    const done = await waitFor(
      'the Experiment to be Successful',
      async () => (read()?.status?.phase === 'Successful' ? read() : undefined),
      60_000,
    );
    assert.equal(done?.status?.templateStatuses?.[0]?.status, 'Successful');
    await waitFor(
      'the pods to stop and the Service to go',
      async () => {
        const [rs] = (await controller.workloadsOf('demo', 'trial')?.observe()) ?? [];
        return rs?.replicas === 0 && rs.currentReplicas === 0 && !store.get('Service', 'demo', 'trial-candidate')
          ? true
          : undefined;
      },
      60_000,
    );
  });
});
