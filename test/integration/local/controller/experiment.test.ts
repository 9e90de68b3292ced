// A standalone Experiment on the local runtime, with real pods (the built-in colorapi as
// processes): its template becomes a local ReplicaSet whose pods become ready, the Experiment is
// Running with availableAt, gets its template Service, is Successful once its duration passes, and
// its pods are stopped (scaleDownDelaySeconds 0) and its Service removed. A canary's experiment step
// creates its Experiment, which runs the same way, and the step completes when it is Successful.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Experiment } from '../../../../src/api/types/experiment.ts';
import { LocalExperimentController } from '../../../../src/runtime/local/controller/experiment-controller.ts';
import { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';
import { waitFor } from '../../../support/ports.ts';
import { testEnvironment } from '../pods/fixtures.ts';
import { canaryManifests } from '../../../scenarios/manifests.ts';
import { NAMESPACE, pausedAt, startLocalController, type LocalController } from './local-controller.ts';

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
    await controller.start();
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

describe('a canary experiment step on the local runtime', () => {
  let local: LocalController | undefined;
  let experiments: LocalExperimentController | undefined;
  after(async () => {
    await experiments?.stop();
    await local?.stop();
  });

  it('creates its Experiment, which runs real pods, and completes the step when it is Successful', {
    timeout: 120_000,
  }, async () => {
    const steps = [
      { setWeight: 20 },
      { experiment: { duration: '2s', templates: [{ name: 'canary', specRef: 'canary' as const }] } },
      { pause: {} },
    ];
    local = await startLocalController(canaryManifests({ name: 'web', steps, traffic: 'istio-host' }));
    experiments = new LocalExperimentController({ store: local.store, environment: testEnvironment() });
    await experiments.start();
    await local.waitFor('web', 'the first revision to be Healthy', (rollout) => rollout.status?.phase === 'Healthy');
    local.control('web', 'set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
    const paused = await local.waitFor('web', 'the step after the experiment', (rollout) => pausedAt(2, 20)(rollout));
    const [made] = local.store.list('Experiment', NAMESPACE);
    assert.equal(made?.metadata.name, `web-${paused.status?.currentPodHash}-2-1`);
    assert.equal(made?.status?.phase, 'Successful');
    assert.equal(made?.spec.templates[0]?.template.spec?.containers?.[0]?.image, 'sluice/colorapi:2.0');
    assert.equal(paused.status?.canary?.currentExperiment, undefined);
  });
});
