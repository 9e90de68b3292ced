// The controller's reader (informer caches) and writer (the API) against the rollout loop's port
// contract, with the fake client in place of the API server: the same clauses
// test/e2e/kubernetes/cache-ports.contract.test.ts runs on the control plane, in milliseconds.
import { after } from 'node:test';
import type { KnownObject } from '../../../../../src/api/types/index.ts';
import { resourceForKind } from '../../../../../src/platform/kubernetes/client/resources.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import {
  argoResources,
  istioResources,
  resourceTable,
  workloadResources,
} from '../../../../../src/runtime/kubernetes/resources.ts';
import { cacheReader, cacheWriter } from '../../../../../src/runtime/kubernetes/rollouts/cache-ports.ts';
import { rolloutIndexes } from '../../../../../src/runtime/kubernetes/rollouts/related-rollouts.ts';
import { WrittenVersions } from '../../../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import { OwnWrites } from '../../../../../src/runtime/rollouts/own-writes.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';
import { runRolloutPortsContract } from '../../../../contracts/rollout-ports.ts';
import { fakeClient } from '../support/fake-cluster.ts';

const table = resourceTable({ istioVersion: 'v1beta1' });
const istio = istioResources('v1beta1');
let namespaces = 0;
const running: SharedInformerFactory[] = [];

runRolloutPortsContract({
  name: 'informer caches and the fake client',
  async create() {
    const client = fakeClient();
    const namespace = `contract-${++namespaces}`;
    const informers = new SharedInformerFactory(client, { namespace });
    running.push(informers);
    const caches = {
      rollouts: informers.informerFor(argoResources.rollouts, { indexes: rolloutIndexes() }).store,
      replicaSets: informers.informerFor(workloadResources.replicaSets).store,
      pods: informers.informerFor(workloadResources.pods).store,
      services: informers.informerFor(workloadResources.services).store,
      deployments: informers.informerFor(workloadResources.deployments).store,
      analysisRuns: informers.informerFor(argoResources.analysisRuns).store,
      experiments: informers.informerFor(argoResources.experiments).store,
      analysisTemplates: informers.informerFor(argoResources.analysisTemplates).store,
      clusterAnalysisTemplates: informers.informerFor(argoResources.clusterAnalysisTemplates).store,
      virtualServices: informers.informerFor(istio.virtualServices).store,
      destinationRules: informers.informerFor(istio.destinationRules).store,
    };
    informers.start();
    await informers.waitForCacheSync();
    const own = new OwnWrites();
    const written = new WrittenVersions();
    const resourceOf = (object: KnownObject) => {
      const resource = resourceForKind(table, object.kind, object.apiVersion);
      if (!resource) throw new Error(`no resource for ${object.apiVersion} ${object.kind}`);
      return resource;
    };
    const compared = [caches.rollouts, caches.services, caches.deployments, caches.analysisRuns] as const;
    const kinds = [
      argoResources.rollouts,
      workloadResources.services,
      workloadResources.deployments,
      argoResources.analysisRuns,
    ] as const;
    return {
      namespace,
      reader: cacheReader(caches),
      writer: (read) =>
        cacheWriter({ client, caches, written, own, key: `${namespace}/contract`, now: () => Date.now(), istio }, read),
      // As kubectl apply: create, or replace what is there (keeping its status).
      put: async (objects) => {
        for (const object of objects) {
          const resource = resourceOf(object);
          const name = object.metadata.name ?? '';
          const existing = (await client.list(resource, { namespace, fieldSelector: `metadata.name=${name}` }))
            .items[0];
          if (existing)
            await client.update(resource, {
              ...structuredClone(object),
              metadata: { ...object.metadata, namespace, resourceVersion: existing.metadata.resourceVersion },
            });
          else await client.create(resource, namespace, structuredClone(object));
        }
      },
      remove: async (kind, name) => {
        const resource =
          kind === 'Rollout'
            ? argoResources.rollouts
            : kind === 'Service'
              ? workloadResources.services
              : argoResources.analysisRuns;
        await client.delete(resource, namespace, name);
      },
      settled: async () => {
        await pollUntil(
          async () => {
            for (const [index, resource] of kinds.entries()) {
              const live = (await client.list(resource, { namespace })).items;
              const cache = compared[index]!;
              if (cache.size !== live.length) return false;
              for (const object of live)
                if (
                  cache.getByName(namespace, object.metadata.name)?.metadata.resourceVersion !==
                  object.metadata.resourceVersion
                )
                  return false;
            }
            return true;
          },
          { what: `the caches to show every write in ${namespace}`, timeoutMs: 5_000, intervalMs: 5 },
        );
      },
    };
  },
});

after(async () => {
  await Promise.all(running.splice(0).map((informers) => informers.stop()));
});
