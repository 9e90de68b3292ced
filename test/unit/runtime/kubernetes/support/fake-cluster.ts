// A fake cluster for unit tests of the controller's adapters: the fake client (answers as the API
// server does: test/contracts/kube-client-contract.ts) and empty informer caches the test fills with
// what the client returned, as the watch would.
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { ObjectBase, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import {
  defaultIndexes,
  labelIndex,
  ObjectStore,
} from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import { argoResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import type { RolloutCaches } from '../../../../../src/runtime/kubernetes/rollouts/caches.ts';
import { rolloutIndexes } from '../../../../../src/runtime/kubernetes/rollouts/related-rollouts.ts';

export type FakeCaches = {
  [K in keyof RolloutCaches]: RolloutCaches[K] extends { get(key: string): infer T | undefined }
    ? ObjectStore<T & ObjectBase>
    : never;
};

export function fakeClient(): FakeKubeClient {
  return new FakeKubeClient({ statusSubresource: [argoResources.rollouts] });
}

export function emptyCaches(): FakeCaches {
  return {
    rollouts: new ObjectStore<Stored<Rollout>>({ ...defaultIndexes(), ...rolloutIndexes() }),
    replicaSets: new ObjectStore({ ...defaultIndexes(), ...labelIndex('rollouts-pod-template-hash') }),
    pods: new ObjectStore({ ...defaultIndexes(), ...labelIndex('rollouts-pod-template-hash') }),
    services: new ObjectStore(),
    deployments: new ObjectStore(),
    analysisRuns: new ObjectStore(),
    experiments: new ObjectStore({ ...defaultIndexes() }),
    analysisTemplates: new ObjectStore(),
    clusterAnalysisTemplates: new ObjectStore(),
    virtualServices: new ObjectStore(),
    destinationRules: new ObjectStore(),
  };
}

export function rolloutManifest(name: string, namespace = 'shop'): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
      },
      strategy: {
        canary: {
          canaryService: `${name}-canary`,
          stableService: `${name}-stable`,
          steps: [{ setWeight: 20 }, { pause: {} }],
        },
      },
    },
  };
}
