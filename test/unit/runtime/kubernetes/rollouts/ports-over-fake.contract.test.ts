// The controller's port implementations over the fake client, against the same contract suites
// the control plane runs them through (test/integration/kubernetes/contracts/): KubeWorkloads
// observed through informers that list and watch the fake, and the controller's Istio object store
// (kubeIstioStore) reading from the fake and through informer caches over it. Milliseconds instead
// of a control plane; the skips say what only a cluster does.
import { describe } from 'node:test';
import type { PodTemplateSpec } from '../../../../../src/api/types/pod.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { podEssentials } from '../../../../../src/platform/kubernetes/informers/transforms.ts';
import { argoResources, istioResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { kubeIstioStore } from '../../../../../src/runtime/kubernetes/rollouts/istio-store.ts';
import { KubeWorkloads } from '../../../../../src/runtime/kubernetes/rollouts/kube-workloads.ts';
import { WrittenVersions } from '../../../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import {
  runIstioObjectStoreContract,
  type IstioObject,
  type IstioStoreSubject,
} from '../../../../contracts/istio-object-store-contract.ts';
import { runWorkloadsContract } from '../../../../contracts/workloads-contract.ts';
import { emptyCaches, fakeClient, rolloutManifest } from '../support/fake-cluster.ts';

function template(hash: string): PodTemplateSpec {
  return {
    metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': hash } },
    spec: { containers: [{ name: 'web', image: 'registry.local/web:1' }] },
  };
}

const noPods =
  'the fake runs no ReplicaSet controller, so no pods are made (test/integration/kubernetes/contracts/workloads.test.ts runs this clause on the control plane)';

describe('controller ports over the fake client', () => {
  runWorkloadsContract({
    name: 'controller (KubeWorkloads over the fake client, informer caches)',
    timeoutMs: 5_000,
    skips: { scale: noPods, delete: noPods },
    create: async () => {
      const client = fakeClient();
      const rollout = await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
      const informers = new SharedInformerFactory(client, { namespace: 'shop' });
      const caches = {
        ...emptyCaches(),
        replicaSets: informers.informerFor(workloadResources.replicaSets).store,
        pods: informers.informerFor(workloadResources.pods, { transform: podEssentials }).store,
      };
      informers.start();
      await informers.waitForCacheSync();
      const workloads = new KubeWorkloads(
        { client, caches, written: new WrittenVersions(), now: () => Date.now() },
        {
          namespace: 'shop',
          name: 'web',
          uid: rollout.metadata.uid,
          selector: { matchLabels: { app: 'web' } },
          minReadySeconds: 0,
          key: 'shop/web',
        },
      );
      return { workloads, template, close: () => informers.stop() };
    },
  });

  const resources = istioResources('v1beta1');
  let namespaces = 0;

  async function fakeStore(seed: (namespace: string) => IstioObject[], cached = false): Promise<IstioStoreSubject> {
    const client = fakeClient();
    const namespace = `istio-${++namespaces}`;
    for (const object of seed(namespace)) {
      if (object.kind === 'VirtualService')
        await client.create(resources.virtualServices, namespace, structuredClone(object));
      else await client.create(resources.destinationRules, namespace, structuredClone(object));
    }
    let caches: Parameters<typeof kubeIstioStore>[2];
    if (cached) {
      const informers = new SharedInformerFactory(client, { namespace });
      caches = {
        virtualServices: informers.informerFor(resources.virtualServices).store,
        destinationRules: informers.informerFor(resources.destinationRules).store,
      };
      informers.start();
      await informers.waitForCacheSync();
    }
    return {
      store: kubeIstioStore(client, resources, caches),
      namespace,
      readBack: async (kind, name) => {
        const selected = { namespace, fieldSelector: `metadata.name=${name}` };
        return kind === 'VirtualService'
          ? (await client.list(resources.virtualServices, selected)).items[0]
          : (await client.list(resources.destinationRules, selected)).items[0];
      },
      writeBehind: async (object) => {
        if (object.kind === 'VirtualService') await client.update(resources.virtualServices, structuredClone(object));
        else await client.update(resources.destinationRules, structuredClone(object));
      },
    };
  }

  runIstioObjectStoreContract({ name: 'controller store (kubeIstioStore over the fake client)', create: fakeStore });
  const cacheLags =
    'reads come from the informer cache, which shows a write only after its watch event (the controller waits for its own writes with WrittenVersions)';
  runIstioObjectStoreContract({
    name: 'controller store (kubeIstioStore, informer caches over the fake client)',
    create: (seed) => fakeStore(seed, true),
    skips: { put: cacheLags, 'stale-conflict': cacheLags },
  });
});
