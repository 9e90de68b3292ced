// The controller's reader (informer caches) and writer (the API server) honour the rollout loop's
// port contract, on a real API server: one control plane, a namespace per clause, every write
// checked through the caches once they show it.
import { after, before } from 'node:test';
import type { KubeObject, ObjectBase, Stored } from '../../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources, workloadResources } from '../../../src/runtime/kubernetes/resources.ts';
import { SharedInformerFactory } from '../../../src/platform/kubernetes/informers/informer-factory.ts';
import type { ReadableStore } from '../../../src/platform/kubernetes/informers/object-store.ts';
import { cacheReader, cacheWriter } from '../../../src/runtime/kubernetes/rollouts/cache-ports.ts';
import type { RolloutCaches } from '../../../src/runtime/kubernetes/rollouts/caches.ts';
import { WrittenVersions } from '../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import { OwnWrites } from '../../../src/runtime/rollouts/own-writes.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { runRolloutPortsContract } from '../../contracts/rollout-ports.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';

let cluster: E2eCluster | undefined;
let informers: SharedInformerFactory | undefined;
let caches: RolloutCaches | undefined;
let namespaces = 0;
const istio = istioResources('v1beta1');
/** The kinds the contract writes, with their caches: settled() compares each with the API server. */
let compared: Array<[ResourceType, ReadableStore<Stored<ObjectBase>>]> = [];

before(async () => {
  if (skipWithoutControlPlane) return;
  cluster = await startE2eCluster('contract-0');
  informers = new SharedInformerFactory(cluster.client, { onError: () => {} });
  const started = informers;
  caches = {
    rollouts: started.informerFor(argoResources.rollouts).store,
    replicaSets: started.informerFor(workloadResources.replicaSets).store,
    pods: started.informerFor(workloadResources.pods).store,
    services: started.informerFor(workloadResources.services).store,
    deployments: started.informerFor(workloadResources.deployments).store,
    analysisRuns: started.informerFor(argoResources.analysisRuns).store,
    experiments: started.informerFor(argoResources.experiments).store,
    analysisTemplates: started.informerFor(argoResources.analysisTemplates).store,
    clusterAnalysisTemplates: started.informerFor(argoResources.clusterAnalysisTemplates).store,
    virtualServices: started.informerFor(istio.virtualServices).store,
    destinationRules: started.informerFor(istio.destinationRules).store,
  };
  compared = [
    [argoResources.rollouts, caches.rollouts],
    [workloadResources.services, caches.services],
    [workloadResources.deployments, caches.deployments],
    [argoResources.analysisRuns, caches.analysisRuns],
    [istio.destinationRules, caches.destinationRules],
  ];
  informers.start();
  await informers.waitForCacheSync();
});

after(async () => {
  await informers?.stop();
  await cluster?.stop();
});

runRolloutPortsContract({
  name: 'informer caches and the API server',
  async create() {
    if (!cluster || !caches) throw new Error(skipWithoutControlPlane || 'the control plane did not start');
    const { client } = cluster;
    const namespace = `contract-${++namespaces}`;
    await cluster.kubectl(['create', 'namespace', namespace]);
    const own = new OwnWrites();
    const written = new WrittenVersions();
    const ready = caches;
    return {
      namespace,
      reader: cacheReader(ready),
      writer: (read) =>
        cacheWriter(
          { client, caches: ready, written, own, key: `${namespace}/contract`, now: () => Date.now(), istio },
          read,
        ),
      put: async (objects) => {
        await cluster!.kubectl(
          ['apply', '-n', namespace, '-f', '-'],
          objects.map((object) => JSON.stringify(object)).join('\n'),
        );
      },
      remove: async (kind, name) => {
        await cluster!.kubectl(['delete', '-n', namespace, kind.toLowerCase(), name, '--wait=true']);
      },
      // The caches show every write once each object in the namespace has the version the API server has.
      settled: async () => {
        await pollUntil(
          async () => {
            for (const [resource, cache] of compared) {
              const live = await client.list<KubeObject>(resource, { namespace });
              const cached = cache.list().filter((object) => object.metadata.namespace === namespace);
              if (cached.length !== live.items.length) return false;
              for (const object of live.items) {
                if (
                  cache.getByName(namespace, object.metadata.name)?.metadata.resourceVersion !==
                  object.metadata.resourceVersion
                )
                  return false;
              }
            }
            return true;
          },
          { what: `the caches to show every write in ${namespace}`, timeoutMs: 10_000, intervalMs: 50 },
        );
      },
    };
  },
  ...(skipWithoutControlPlane
    ? {
        skips: Object.fromEntries(
          [
            'selector',
            'release-destination-rule',
            'create-run',
            'terminate-run',
            'delete-run',
            'annotations',
            'status',
            'owned-runs',
          ].map((clause) => [clause, skipWithoutControlPlane]),
        ),
      }
    : {}),
});
