// spec.workloadRef on the control plane: Rollouts that take their template from a running Deployment
// scale it down as Argo does once their first revision is Healthy (scaleDown onsuccess and
// progressively: the controller patches the Deployment, as deploy/'s ServiceAccount), and a Rollout
// that also carries a template gets Argo's InvalidSpec condition and no ReplicaSet. One without a
// selector takes the Deployment's; with scaleDown never the Deployment keeps its pods.
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { workloadResources } from '../../../src/runtime/kubernetes/resources.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { healthy, pollUntil, rolloutReplicaSets, waitForRollout } from './support/wait.ts';

const ns = 'workload-ref';

function deployment(name: string, replicas: number): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'app', image: 'registry.local/app:1', ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      },
    },
  };
}

function referencingRollout(
  name: string,
  deploymentName: string,
  scaleDown: string,
  withTemplate = false,
  withSelector = true,
): KubeObject {
  const labels = { app: deploymentName };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: 3,
      ...(withSelector ? { selector: { matchLabels: labels } } : {}),
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName, scaleDown },
      ...(withTemplate
        ? { template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.local/app:1' }] } } }
        : {}),
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: { duration: '2s' } }] } },
    },
  };
}

async function deploymentReplicas(cluster: E2eCluster, name: string): Promise<number | undefined> {
  const object = await cluster.client.get(workloadResources.deployments, ns, name);
  return object.spec.replicas;
}

e2eScenario(
  ns,
  'workloadRef: the Deployment is scaled to 0 once the Rollout is Healthy (onsuccess, progressively); with a template too, InvalidSpec',
  async (cluster) => {
    await cluster.apply([
      deployment('legacy-a', 3),
      deployment('legacy-b', 3),
      deployment('legacy-c', 3),
      deployment('legacy-d', 2),
    ]);
    await cluster.apply([
      referencingRollout('on-success', 'legacy-a', 'onsuccess'),
      referencingRollout('progressive', 'legacy-b', 'progressively'),
      referencingRollout('both', 'legacy-c', 'onsuccess', true),
      referencingRollout('no-selector', 'legacy-d', 'never', false, false),
    ]);

    for (const [rollout, source] of [
      ['on-success', 'legacy-a'],
      ['progressive', 'legacy-b'],
    ] as const) {
      const done = await waitForRollout(cluster.client, ns, rollout, healthy, { what: `${rollout} to be Healthy` });
      const [rs] = await rolloutReplicaSets(cluster.client, ns, done);
      assert.equal(
        rs?.spec.template?.spec?.containers?.[0]?.image,
        'registry.local/app:1',
        'the template comes from the Deployment',
      );
      await pollUntil(async () => (await deploymentReplicas(cluster, source)) === 0, {
        what: `Deployment ${source} scaled to 0 after ${rollout} became Healthy`,
        timeoutMs: 30_000,
      });
    }

    // Without a selector of its own the Rollout takes the Deployment's (Argo's SetResolvedSelector); never: the Deployment keeps its pods.
    const own = await waitForRollout(cluster.client, ns, 'no-selector', healthy, { what: 'no-selector to be Healthy' });
    const [ownRs] = await rolloutReplicaSets(cluster.client, ns, own);
    assert.deepEqual(ownRs?.spec.selector?.matchLabels, {
      app: 'legacy-d',
      'rollouts-pod-template-hash': own.status?.currentPodHash,
    });
    assert.equal(own.status?.selector, `app=legacy-d`);
    assert.equal(await deploymentReplicas(cluster, 'legacy-d'), 2, 'scaleDown never leaves the Deployment as it was');

    const invalid = await waitForRollout(
      cluster.client,
      ns,
      'both',
      (r) => r.status?.conditions?.some((c) => c.type === 'InvalidSpec') === true,
      { what: 'InvalidSpec on the Rollout with both workloadRef and template' },
    );
    const condition = invalid.status?.conditions?.find((c) => c.type === 'InvalidSpec');
    assert.equal(
      condition?.message,
      'The Rollout "both" is invalid: template must be empty for workload reference rollout',
    );
    assert.equal(invalid.status?.phase, 'Degraded');
    assert.deepEqual(await rolloutReplicaSets(cluster.client, ns, invalid), [], 'no ReplicaSet for an invalid Rollout');
    assert.equal(await deploymentReplicas(cluster, 'legacy-c'), 3, 'its Deployment is left as it was');
  },
);
