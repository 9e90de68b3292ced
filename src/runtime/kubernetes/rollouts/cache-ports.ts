// The rollout loop's reader and writer on a cluster: reads come from the informer caches, writes go
// to the API server. Every write is recorded twice: in WrittenVersions, so the next pass waits until
// the caches show it, and in the rollout's OwnWrites, so its watch event is known as this
// controller's own. The status goes through the status subresource as a merge patch that carries
// the resourceVersion read; a concurrent change to the fields it sets makes the pass decide again,
// any other concurrent change (a spec patch) gets the status written on top of it.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutStatus } from '../../../api/types/rollout-status.ts';
import { MANAGED_BY_ROLLOUTS_ANNOTATION, POD_TEMPLATE_HASH_LABEL } from '../../../conventions/labels.ts';
import { releasedDestinationRule } from '../../../traffic/routers.ts';
import type { OwnWrites } from '../../rollouts/own-writes.ts';
import type {
  MissingObjectHints,
  ReadKind,
  ReadKinds,
  RolloutReader,
  RolloutWriter,
  StatusWrite,
} from '../../rollouts/ports.ts';
import type { ObjectReader, ObjectWriter, StatusWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import { argoResources, workloadResources } from '../resources.ts';
import { ownerUidIndex, type ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import { controllerUidOf, type RolloutCaches } from './caches.ts';
import { kubeIstioStore, type IstioResources } from './istio-store.ts';
import { mergePatchBetween } from './merge-patch.ts';
import type { WrittenVersions } from './written-versions.ts';

/** Objects are created in the cluster. */
export const CLUSTER_HINTS: MissingObjectHints = { object: 'create it', workloadRef: 'create it or fix the reference' };

/** The reader of each set of caches: it keeps nothing of a pass, so every pass over the caches shares one. */
const readers = new WeakMap<RolloutCaches, RolloutReader>();

export function cacheReader(caches: RolloutCaches): RolloutReader {
  let reader = readers.get(caches);
  if (!reader) readers.set(caches, (reader = newCacheReader(caches)));
  return reader;
}

function newCacheReader(caches: RolloutCaches): RolloutReader {
  const stores: { [K in ReadKind]: ReadableStore<Stored<ReadKinds[K]>> } = {
    Rollout: caches.rollouts,
    Service: caches.services,
    Deployment: caches.deployments,
    ReplicaSet: caches.replicaSets,
    AnalysisRun: caches.analysisRuns,
    Experiment: caches.experiments,
    AnalysisTemplate: caches.analysisTemplates,
    ClusterAnalysisTemplate: caches.clusterAnalysisTemplates,
    VirtualService: caches.virtualServices,
    DestinationRule: caches.destinationRules,
  };
  return {
    get: <K extends ReadKind>(kind: K, namespace: string, name: string) => stores[kind].getByName(namespace, name),
    analysisRunsOf: (rollout) => ownedAnalysisRuns(caches, rollout.metadata.uid),
    experimentsOf: (rollout) =>
      caches.experiments
        .byIndex(ownerUidIndex, rollout.metadata.uid)
        .filter(
          (experiment) =>
            controllerUidOf(experiment.metadata) === rollout.metadata.uid &&
            experiment.metadata.deletionTimestamp === undefined,
        ),
  };
}

/** The runs the rollout controls, not being deleted. */
export function ownedAnalysisRuns(caches: RolloutCaches, rolloutUid: string): Array<Stored<AnalysisRun>> {
  return caches.analysisRuns
    .byIndex(ownerUidIndex, rolloutUid)
    .filter((run) => controllerUidOf(run.metadata) === rolloutUid && run.metadata.deletionTimestamp === undefined);
}

export interface CacheWriterDeps {
  client: Pick<ObjectReader, 'get'> & ObjectWriter & StatusWriter;
  caches: RolloutCaches;
  written: WrittenVersions;
  own: OwnWrites;
  /** The rollout key the writes are recorded under. */
  key: string;
  now: () => number;
  /** Istio's resource types as the cluster serves them (DestinationRules are released through them). */
  istio?: IstioResources;
}

/** The OwnWrites record of an object the API server returned. */
export function writeOfObject(
  object: Stored<ObjectBase>,
  kind = object.kind ?? '',
): { kind: string; namespace: string; name: string; resourceVersion: string } {
  const { namespace, name, resourceVersion } = object.metadata;
  return { kind, namespace, name, resourceVersion };
}

/** Status writes of one pass that meet a Rollout changed elsewhere, before the pass decides again. */
const STATUS_WRITE_ATTEMPTS = 3;

/** Whether two status merge patches set a common top-level field (a field within it may differ: counted as common). */
function sharesField(ours: unknown, theirs: unknown): boolean {
  if (theirs === undefined) return false;
  if (!isRecord(ours) || !isRecord(theirs)) return true;
  return Object.keys(theirs).some((key) => key in ours);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The writer of one pass of one rollout: it carries the Rollout's resourceVersion from write to write. */
export function cacheWriter(deps: CacheWriterDeps, rollout: Stored<Rollout>): RolloutWriter {
  const { client, caches } = deps;
  let resourceVersion = rollout.metadata.resourceVersion;
  type Written = 'Rollout' | 'Service' | 'AnalysisRun' | 'Experiment';
  const stores: Record<Written, ReadableStore<ObjectBase>> = {
    Rollout: caches.rollouts,
    Service: caches.services,
    AnalysisRun: caches.analysisRuns,
    Experiment: caches.experiments,
  };
  const store = (kind: Written): ReadableStore<ObjectBase> => stores[kind];
  const wrote = (kind: Written, object: Stored<ObjectBase>): void => {
    deps.written.wrote(deps.key, store(kind), object, deps.now());
    deps.own.record(writeOfObject(object, kind));
    if (kind === 'Rollout') resourceVersion = object.metadata.resourceVersion;
  };
  const ignoring = async (
    gone: typeof NotFoundError | typeof AlreadyExistsError,
    write: () => Promise<void>,
  ): Promise<void> => {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof gone)) throw error;
    }
  };

  return {
    async setServiceSelector(namespace, service, podTemplateHash, rolloutName) {
      const release = podTemplateHash === '';
      const patch = {
        metadata: { annotations: { [MANAGED_BY_ROLLOUTS_ANNOTATION]: release ? null : rolloutName } },
        spec: { selector: { [POD_TEMPLATE_HASH_LABEL]: release ? null : podTemplateHash } },
      };
      try {
        wrote('Service', await client.patch(workloadResources.services, namespace, service, patch));
        return true;
      } catch (error) {
        if (error instanceof NotFoundError) return false;
        throw error;
      }
    },
    // workloadRef.scaleDown: the Deployment's own controller scales its pods.
    async scaleDeployment(namespace, name, replicas) {
      try {
        await client.patch(workloadResources.deployments, namespace, name, { spec: { replicas } });
        return true;
      } catch (error) {
        if (error instanceof NotFoundError) return false;
        throw error;
      }
    },
    // A merge patch of the injected fields, on the resourceVersion read: a concurrent change fails the pass, which tries again.
    async releaseDestinationRule(namespace, name, rolloutName) {
      if (!deps.istio) return;
      const store = kubeIstioStore(client, deps.istio, {
        virtualServices: caches.virtualServices,
        destinationRules: caches.destinationRules,
      });
      const rule = await store.getDestinationRule(namespace, name);
      const released = rule && releasedDestinationRule(rule, rolloutName);
      if (!released) return;
      await store.putDestinationRule(released);
      for (const object of store.written.splice(0)) {
        deps.written.wrote(deps.key, caches.destinationRules, object, deps.now());
        deps.own.record(writeOfObject(object, 'DestinationRule'));
      }
    },
    // AnalysisRuns have no status subresource: a run created in phase Error carries its status with it.
    createAnalysisRun: (run) =>
      ignoring(AlreadyExistsError, async () =>
        wrote('AnalysisRun', await client.create(argoResources.analysisRuns, run.metadata.namespace, run)),
      ),
    terminateAnalysisRun: (namespace, name) =>
      ignoring(NotFoundError, async () =>
        wrote(
          'AnalysisRun',
          await client.patch(argoResources.analysisRuns, namespace, name, { spec: { terminate: true } }),
        ),
      ),
    async deleteAnalysisRun(namespace, name) {
      await ignoring(NotFoundError, async () => {
        await client.delete(argoResources.analysisRuns, namespace, name, { propagationPolicy: 'Background' });
      });
      deps.written.deleted(deps.key, store('AnalysisRun'), namespace, name, deps.now());
    },
    createExperiment: (experiment) =>
      ignoring(AlreadyExistsError, async () =>
        wrote(
          'Experiment',
          await client.create(argoResources.experiments, experiment.metadata.namespace ?? '', experiment),
        ),
      ),
    terminateExperiment: (namespace, name) =>
      ignoring(NotFoundError, async () =>
        wrote(
          'Experiment',
          await client.patch(argoResources.experiments, namespace, name, { spec: { terminate: true } }),
        ),
      ),
    async deleteExperiment(namespace, name) {
      await ignoring(NotFoundError, async () => {
        await client.delete(argoResources.experiments, namespace, name, { propagationPolicy: 'Background' });
      });
      deps.written.deleted(deps.key, store('Experiment'), namespace, name, deps.now());
    },
    async setRolloutAnnotations(target, annotations) {
      wrote(
        'Rollout',
        await client.patch(argoResources.rollouts, target.metadata.namespace, target.metadata.name, {
          metadata: { annotations },
        }),
      );
    },
    // The pass's actions are carried out by now: a status that does not record them would have the next
    // pass decide from before them (and undo them). So a change made meanwhile that leaves the fields
    // this write sets alone (a spec patch, another status field) gets the write on top of it, as Argo's
    // precondition-free status patch does; one that changed those fields too is a conflict. Either way
    // the next pass waits until the cache shows at least the copy read here.
    async writeRolloutStatus(read: Stored<Rollout>, status: RolloutStatus): Promise<StatusWrite> {
      const patch = mergePatchBetween(read.status ?? {}, status);
      if (patch === undefined) return 'written';
      const { namespace, name } = read.metadata;
      for (let attempt = 1; ; attempt++) {
        try {
          const updated = await client.patchStatus(argoResources.rollouts, namespace, name, {
            metadata: { resourceVersion },
            status: patch,
          });
          wrote('Rollout', updated);
          return 'written';
        } catch (error) {
          if (error instanceof NotFoundError) return 'gone';
          if (!(error instanceof ConflictError)) throw error;
        }
        let fresh: Stored<Rollout>;
        try {
          fresh = await client.get(argoResources.rollouts, namespace, name);
        } catch (error) {
          if (error instanceof NotFoundError) return 'gone';
          throw error;
        }
        if (fresh.metadata.uid !== read.metadata.uid) return 'gone';
        deps.written.wrote(deps.key, caches.rollouts, fresh, deps.now());
        const meanwhile = mergePatchBetween(read.status ?? {}, fresh.status ?? {});
        if (attempt >= STATUS_WRITE_ATTEMPTS || sharesField(patch, meanwhile)) return 'conflict';
        resourceVersion = fresh.metadata.resourceVersion;
      }
    },
  };
}
