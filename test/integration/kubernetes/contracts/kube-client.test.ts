// The Kubernetes client contract against the real API server of test/controlplane (with Argo
// Rollouts' CRDs: Rollout has a status subresource, AnalysisRun has none): the answers the fake
// client (src/platform/kubernetes/fake) gives in unit tests are the ones a cluster gives. Each
// subject gets its own namespace. Outside CI the suite skips when the control plane is not built.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import { cacheReader } from '../../../../src/platform/kubernetes/informers/cache-reader.ts';
import { SharedInformerFactory } from '../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { runKubeClientContract } from '../../../contracts/kube-client-contract.ts';
import { controlPlaneSuite, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

describe('Kubernetes client contract against the real API server', {
  skip: skipWithoutControlPlane,
  timeout: 600_000,
}, () => {
  const suite = controlPlaneSuite();

  runKubeClientContract({
    name: 'KubeClient on the API server',
    create: async () => {
      const { client, namespace } = await suite.namespace('client-contract');
      return { client, namespace };
    },
  });

  it('the informer caches, read through cacheReader, answer get and list as the API server does', async () => {
    const { client, namespace } = await suite.namespace('cache-reader');
    for (const [name, app] of [
      ['a', 'web'],
      ['b', 'web'],
      ['c', 'db'],
    ] as const) {
      await client.create(argoResources.analysisRuns, namespace, {
        metadata: { name, labels: { app } },
        spec: { metrics: [{ name: 'check', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
      });
    }
    const factory = new SharedInformerFactory(client, { namespace });
    const reader = cacheReader(factory);
    factory.informerFor(argoResources.analysisRuns);
    factory.start();
    try {
      assert.equal(await factory.waitForCacheSync(), true);
      const fromServer = await client.get(argoResources.analysisRuns, namespace, 'a');
      const fromCache = await reader.get(argoResources.analysisRuns, namespace, 'a');
      assert.equal(fromCache.metadata.uid, fromServer.metadata.uid);
      assert.equal(fromCache.metadata.resourceVersion, fromServer.metadata.resourceVersion);
      assert.deepEqual(fromCache.spec, fromServer.spec);
      const names = async (labelSelector: string) =>
        (await reader.list(argoResources.analysisRuns, { namespace, labelSelector })).items
          .map((run) => run.metadata.name)
          .sort();
      const serverNames = async (labelSelector: string) =>
        (await client.list(argoResources.analysisRuns, { namespace, labelSelector })).items
          .map((run) => run.metadata.name)
          .sort();
      for (const selector of ['app=web', 'app!=web', 'app in (db)', 'app'])
        assert.deepEqual(await names(selector), await serverNames(selector), selector);
      await assert.rejects(reader.get(argoResources.analysisRuns, namespace, 'absent'), NotFoundError);
      fromCache.metadata.labels = { changed: 'yes' };
      assert.deepEqual(
        (await reader.get(argoResources.analysisRuns, namespace, 'a')).metadata.labels,
        { app: 'web' },
        'a read is a copy',
      );
    } finally {
      await factory.stop();
    }
  });
});
