// The Experiment loop's ports on a cluster: reads from the shared informer caches (objects the
// experiment controls, by the owner-uid index), writes to the API server. The status goes with a
// merge patch that carries the resourceVersion read (Argo's Experiment CRD has no status
// subresource), so a concurrent change (spec.terminate) makes the pass decide again.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../../api/types/analysis.ts';
import type { ReplicaSet, Service } from '../../../api/types/core.ts';
import type { Experiment } from '../../../api/types/experiment.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import { ownerUidIndex, type ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import type { ExperimentReader, ExperimentWriter } from '../../experiments/ports.ts';
import type { StatusWrite } from '../../rollouts/ports.ts';
import { argoResources, workloadResources } from '../resources.ts';
import { controllerUidOf } from '../rollouts/caches.ts';
import { mergePatchBetween } from '../rollouts/merge-patch.ts';

export interface ExperimentCaches {
  experiments: ReadableStore<Stored<Experiment>>;
  replicaSets: ReadableStore<Stored<ReplicaSet>>;
  services: ReadableStore<Stored<Service>>;
  analysisRuns: ReadableStore<Stored<AnalysisRun>>;
  analysisTemplates: ReadableStore<Stored<AnalysisTemplate>>;
  clusterAnalysisTemplates: ReadableStore<Stored<ClusterAnalysisTemplate>>;
}

function controlledBy<T extends ObjectBase>(
  store: ReadableStore<Stored<T>>,
  owner: Stored<Experiment>,
): Array<Stored<T>> {
  const uid = owner.metadata.uid;
  return store
    .byIndex(ownerUidIndex, uid)
    .filter((object) => controllerUidOf(object.metadata) === uid && object.metadata.deletionTimestamp === undefined);
}

export function experimentCacheReader(caches: ExperimentCaches): ExperimentReader {
  return {
    replicaSetsOf: (experiment) => controlledBy(caches.replicaSets, experiment),
    servicesOf: (experiment) => controlledBy(caches.services, experiment),
    analysisRunsOf: (experiment) => controlledBy(caches.analysisRuns, experiment),
    template: (namespace, name, clusterScope) =>
      clusterScope
        ? caches.clusterAnalysisTemplates.getByName('', name)
        : caches.analysisTemplates.getByName(namespace, name),
  };
}

async function ignoring(gone: typeof NotFoundError | typeof AlreadyExistsError, write: () => Promise<unknown>) {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof gone)) throw error;
  }
}

export function experimentApiWriter(client: ObjectClient): ExperimentWriter {
  return {
    createReplicaSet: (rs) =>
      ignoring(AlreadyExistsError, () => client.create(workloadResources.replicaSets, rs.metadata.namespace ?? '', rs)),
    createService: (service) =>
      ignoring(AlreadyExistsError, () =>
        client.create(workloadResources.services, service.metadata.namespace ?? '', service),
      ),
    createAnalysisRun: (run) =>
      ignoring(AlreadyExistsError, () => client.create(argoResources.analysisRuns, run.metadata.namespace ?? '', run)),
    scaleReplicaSet: async (namespace, name, replicas) => {
      await client.patch(workloadResources.replicaSets, namespace, name, { spec: { replicas } });
    },
    annotateReplicaSet: async (namespace, name, annotations) => {
      await client.patch(workloadResources.replicaSets, namespace, name, { metadata: { annotations } });
    },
    deleteService: (namespace, name) =>
      ignoring(NotFoundError, () => client.delete(workloadResources.services, namespace, name)),
    terminateAnalysisRun: (namespace, name) =>
      ignoring(NotFoundError, () =>
        client.patch(argoResources.analysisRuns, namespace, name, { spec: { terminate: true } }),
      ),
    async writeStatus(read, status): Promise<StatusWrite> {
      const patch = mergePatchBetween(read.status ?? {}, status);
      if (patch === undefined) return 'written';
      try {
        await client.patch(argoResources.experiments, read.metadata.namespace, read.metadata.name, {
          metadata: { resourceVersion: read.metadata.resourceVersion },
          status: patch,
        });
        return 'written';
      } catch (error) {
        if (error instanceof ConflictError) return 'conflict';
        if (error instanceof NotFoundError) return 'gone';
        throw error;
      }
    },
  };
}
