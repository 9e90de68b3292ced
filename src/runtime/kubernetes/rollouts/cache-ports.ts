// The rollout loop's reader and writer on a cluster: reads come from the informer caches, writes go
// to the API server. Every write is recorded twice: in WrittenVersions, so the next pass waits until
// the caches show it, and in the rollout's OwnWrites, so its watch event is known as this
// controller's own. The status goes through the status subresource as a merge patch that carries
// the resourceVersion read, so a concurrent change to the Rollout makes the pass decide again.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutStatus } from '../../../api/types/rollout-status.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../conventions/labels.ts';
import type { OwnWrites } from '../../rollouts/own-writes.ts';
import type { MissingObjectHints, ReadKind, ReadKinds, RolloutReader, RolloutWriter, StatusWrite } from '../../rollouts/ports.ts';
import type { KubeClient } from '../client/client.ts';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../client/errors.ts';
import type { KubeObject } from '../client/objects.ts';
import { argoResources, coreResources } from '../client/resources.ts';
import { ownerUidIndex, type ReadableStore } from '../informers/object-store.ts';
import { controllerUidOf, type RolloutCaches } from './caches.ts';
import { mergePatchBetween } from './merge-patch.ts';
import type { WrittenVersions } from './written-versions.ts';

/** Objects are created in the cluster. */
export const CLUSTER_HINTS: MissingObjectHints = { object: 'create it', workloadRef: 'create it or fix the reference' };

export function cacheReader(caches: RolloutCaches): RolloutReader {
  const stores: { [K in ReadKind]: ReadableStore<ReadKinds[K]> } = {
    Rollout: caches.rollouts,
    Service: caches.services,
    Deployment: caches.deployments,
    ReplicaSet: caches.replicaSets,
    AnalysisRun: caches.analysisRuns,
    AnalysisTemplate: caches.analysisTemplates,
    ClusterAnalysisTemplate: caches.clusterAnalysisTemplates,
    VirtualService: caches.virtualServices,
    DestinationRule: caches.destinationRules,
  };
  return {
    get: <K extends ReadKind>(kind: K, namespace: string, name: string) => stores[kind].getByName(namespace, name),
    analysisRunsOf: (rollout) => ownedAnalysisRuns(caches, rollout.metadata.uid ?? ''),
  };
}

/** The runs the rollout controls, not being deleted. */
export function ownedAnalysisRuns(caches: RolloutCaches, rolloutUid: string): AnalysisRun[] {
  return caches.analysisRuns.byIndex(ownerUidIndex, rolloutUid).filter((run) => controllerUidOf(run.metadata) === rolloutUid && run.metadata.deletionTimestamp === undefined);
}

export interface CacheWriterDeps {
  client: KubeClient;
  caches: RolloutCaches;
  written: WrittenVersions;
  own: OwnWrites;
  /** The rollout key the writes are recorded under. */
  key: string;
  now: () => number;
}

/** The OwnWrites record of an object the API server returned. */
export function writeOfObject(object: KubeObject, kind = object.kind ?? ''): { kind: string; namespace: string; name: string; resourceVersion: string } {
  return { kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '', resourceVersion: object.metadata.resourceVersion ?? '' };
}

/** The writer of one pass of one rollout: it carries the Rollout's resourceVersion from write to write. */
export function cacheWriter(deps: CacheWriterDeps, rollout: Rollout): RolloutWriter {
  const { client, caches } = deps;
  let resourceVersion = rollout.metadata.resourceVersion;
  const store = (kind: 'Rollout' | 'Service' | 'AnalysisRun'): ReadableStore<KubeObject> =>
    (kind === 'Rollout' ? caches.rollouts : kind === 'Service' ? caches.services : caches.analysisRuns) as unknown as ReadableStore<KubeObject>;
  const wrote = (kind: 'Rollout' | 'Service' | 'AnalysisRun', object: KubeObject): void => {
    deps.written.wrote(deps.key, store(kind), object, deps.now());
    deps.own.record(writeOfObject(object, kind));
    if (kind === 'Rollout') resourceVersion = object.metadata.resourceVersion;
  };
  const ignoring = async (gone: typeof NotFoundError | typeof AlreadyExistsError, write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof gone)) throw error;
    }
  };

  return {
    async setServiceSelector(namespace, service, podTemplateHash) {
      const selector = { [POD_TEMPLATE_HASH_LABEL]: podTemplateHash === '' ? null : podTemplateHash };
      try {
        wrote('Service', await client.patch<KubeObject>(coreResources.services, namespace, service, { spec: { selector } }));
        return true;
      } catch (error) {
        if (error instanceof NotFoundError) return false;
        throw error;
      }
    },
    // workloadRef.scaleDown: the Deployment's own controller scales its pods.
    async scaleDeployment(namespace, name, replicas) {
      try {
        await client.patch<KubeObject>(coreResources.deployments, namespace, name, { spec: { replicas } });
        return true;
      } catch (error) {
        if (error instanceof NotFoundError) return false;
        throw error;
      }
    },
    // AnalysisRuns have no status subresource: a run created in phase Error carries its status with it.
    createAnalysisRun: (run) =>
      ignoring(AlreadyExistsError, async () => wrote('AnalysisRun', await client.create<KubeObject>(argoResources.analysisRuns, run.metadata.namespace ?? 'default', run as unknown as KubeObject))),
    terminateAnalysisRun: (namespace, name) =>
      ignoring(NotFoundError, async () => wrote('AnalysisRun', await client.patch<KubeObject>(argoResources.analysisRuns, namespace, name, { spec: { terminate: true } }))),
    async deleteAnalysisRun(namespace, name) {
      await ignoring(NotFoundError, async () => {
        await client.delete(argoResources.analysisRuns, namespace, name, { propagationPolicy: 'Background' });
      });
      deps.written.deleted(deps.key, store('AnalysisRun'), namespace, name, deps.now());
    },
    async setRolloutAnnotations(target, annotations) {
      const namespace = target.metadata.namespace ?? 'default';
      wrote('Rollout', await client.patch<KubeObject>(argoResources.rollouts, namespace, target.metadata.name ?? '', { metadata: { annotations } }));
    },
    async writeRolloutStatus(read: Rollout, status: RolloutStatus): Promise<StatusWrite> {
      const patch = mergePatchBetween(read.status ?? {}, status);
      if (patch === undefined) return 'written';
      try {
        const updated = await client.patchStatus<KubeObject>(argoResources.rollouts, read.metadata.namespace ?? 'default', read.metadata.name ?? '', { metadata: { resourceVersion }, status: patch });
        wrote('Rollout', updated);
        return 'written';
      } catch (error) {
        if (error instanceof ConflictError) return 'conflict';
        if (error instanceof NotFoundError) return 'gone';
        throw error;
      }
    },
  };
}
