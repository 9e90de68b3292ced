// The Workloads contract over the controller's implementation (KubeWorkloads) against the real API
// server of test/controlplane: ReplicaSets owned by a real Rollout (no controller runs, so nothing
// else writes them), pods made by the ReplicaSet controller and run by kwok, observed through
// namespace-scoped informer caches as the controller observes them. Outside CI it skips when the
// control plane is not built.
import { describe } from 'node:test';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import { argoResources, workloadResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { SharedInformerFactory } from '../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { ObjectStore } from '../../../../src/platform/kubernetes/informers/object-store.ts';
import { podEssentials } from '../../../../src/platform/kubernetes/informers/transforms.ts';
import type { RolloutCaches } from '../../../../src/runtime/kubernetes/rollouts/caches.ts';
import { KubeWorkloads } from '../../../../src/runtime/kubernetes/rollouts/kube-workloads.ts';
import { WrittenVersions } from '../../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import { runWorkloadsContract } from '../../../contracts/workloads-contract.ts';
import { controlPlaneSuite, rolloutManifest, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

function template(hash: string): PodTemplateSpec {
  return {
    metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': hash } },
    spec: { containers: [{ name: 'web', image: 'registry.local/web:1' }] },
  };
}

describe('KubeWorkloads against the real API server', { skip: skipWithoutControlPlane, timeout: 900_000 }, () => {
  const suite = controlPlaneSuite();

  runWorkloadsContract({
    name: 'controller (KubeWorkloads, informer caches)',
    timeoutMs: 60_000,
    create: async () => {
      const { client, namespace } = await suite.namespace('workloads-contract');
      const rollout = await client.create(argoResources.rollouts, namespace, rolloutManifest('web', namespace));
      const informers = new SharedInformerFactory(client, { namespace });
      // The Workloads adapter reads only the ReplicaSet and pod caches: the others stay empty.
      const caches: RolloutCaches = {
        rollouts: new ObjectStore(),
        replicaSets: informers.informerFor(workloadResources.replicaSets).store,
        pods: informers.informerFor(workloadResources.pods, { transform: podEssentials }).store,
        services: new ObjectStore(),
        deployments: new ObjectStore(),
        analysisRuns: new ObjectStore(),
        experiments: new ObjectStore(),
        analysisTemplates: new ObjectStore(),
        clusterAnalysisTemplates: new ObjectStore(),
        virtualServices: new ObjectStore(),
        destinationRules: new ObjectStore(),
      };
      informers.start();
      await informers.waitForCacheSync();
      const workloads = new KubeWorkloads(
        { client, caches, written: new WrittenVersions(), now: () => Date.now() },
        {
          namespace,
          name: 'web',
          uid: rollout.metadata.uid,
          selector: { matchLabels: { app: 'web' } },
          minReadySeconds: 0,
          key: `${namespace}/web`,
        },
      );
      return { workloads, template, close: () => informers.stop() };
    },
  });
});
