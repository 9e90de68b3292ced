// The rollout loop's reader and writer over the local object store. The store is always current,
// so the reader is the store itself; the writer writes through the recording view, so each of its
// writes is known as the controller's own.
import { jsonEqual } from '../../../api/json-equal.ts';
import type { KnownObject } from '../../../api/types/index.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutStatus } from '../../../api/types/rollout-status.ts';
import { applyMetadataChanges } from '../../../engine/metadata-changes.ts';
import { MANAGED_BY_ROLLOUTS_ANNOTATION, POD_TEMPLATE_HASH_LABEL } from '../../../conventions/labels.ts';
import { releasedDestinationRule } from '../../../traffic/routers.ts';
import { asStored, type Stored } from '../../../platform/kubernetes/client/objects.ts';
import type {
  MissingObjectHints,
  ReadKind,
  ReadKinds,
  RolloutReader,
  RolloutWriter,
  StatusWrite,
} from '../../rollouts/ports.ts';
import { ownedAnalysisRuns } from './analysis-runs.ts';
import type { StoreAccess } from './recording-store.ts';

/** Objects are applied as files, with the rollout. */
export const LOCAL_HINTS: MissingObjectHints = {
  object: 'apply it with the rollout',
  workloadRef: 'apply it with the rollout',
};

/** A copy the store returned, as the loop reads it: the store leaves out a cluster-scoped object's namespace (''). */
function stored<T extends KnownObject>(object: T | undefined): Stored<T> | undefined {
  return object === undefined ? undefined : asStored(object);
}

export function storeReader(store: Pick<StoreAccess, 'get' | 'list'>): RolloutReader {
  return {
    get: <K extends ReadKind>(kind: K, namespace: string, name: string) =>
      stored(store.get(kind, namespace, name)) as Stored<ReadKinds[K]> | undefined,
    analysisRunsOf: (rollout) =>
      ownedAnalysisRuns(store, rollout.metadata.namespace, rollout.metadata.name).map((run) => asStored(run)),
    experimentsOf: (rollout) =>
      store
        .list('Experiment', rollout.metadata.namespace)
        .filter((experiment) =>
          experiment.metadata.ownerReferences?.some(
            (owner) => owner.kind === 'Rollout' && owner.name === rollout.metadata.name,
          ),
        )
        .map((experiment) => asStored(experiment)),
  };
}

export function storeWriter(store: StoreAccess): RolloutWriter {
  return {
    async setServiceSelector(namespace, service, podTemplateHash, rolloutName) {
      const updated = store.update('Service', namespace, service, (object) => {
        const selector = { ...(object.spec.selector ?? {}) };
        const annotations = { ...(object.metadata.annotations ?? {}) };
        if (podTemplateHash === '') {
          delete selector[POD_TEMPLATE_HASH_LABEL];
          delete annotations[MANAGED_BY_ROLLOUTS_ANNOTATION];
        } else {
          selector[POD_TEMPLATE_HASH_LABEL] = podTemplateHash;
          annotations[MANAGED_BY_ROLLOUTS_ANNOTATION] = rolloutName;
        }
        object.spec.selector = selector;
        object.metadata.annotations = annotations;
      });
      return updated !== undefined;
    },
    async createAnalysisRun(run) {
      const { namespace, name } = run.metadata;
      if (store.get('AnalysisRun', namespace, name)) return;
      const { status, ...withoutStatus } = run;
      store.put(withoutStatus);
      if (status) store.writeStatus({ kind: 'AnalysisRun', namespace, name }, status);
    },
    async terminateAnalysisRun(namespace, name) {
      store.update('AnalysisRun', namespace, name, (run) => {
        run.spec.terminate = true;
      });
    },
    async deleteAnalysisRun(namespace, name) {
      store.delete({ kind: 'AnalysisRun', namespace, name });
    },
    async createExperiment(experiment) {
      const { namespace = '', name = '' } = experiment.metadata;
      if (store.get('Experiment', namespace, name)) return;
      store.put(experiment);
    },
    async terminateExperiment(namespace, name) {
      store.update('Experiment', namespace, name, (experiment) => {
        experiment.spec.terminate = true;
      });
    },
    async deleteExperiment(namespace, name) {
      store.delete({ kind: 'Experiment', namespace, name });
    },
    // workloadRef.scaleDown: the local runtime runs no Deployments; the stored object records the scale.
    async scaleDeployment(namespace, name, replicas) {
      const updated = store.update('Deployment', namespace, name, (object) => {
        object.spec.replicas = replicas;
      });
      return updated !== undefined;
    },
    async releaseDestinationRule(namespace, name, rolloutName) {
      const rule = store.get('DestinationRule', namespace, name);
      const released = rule && releasedDestinationRule(rule, rolloutName);
      if (released) store.put(released);
    },
    async setRolloutAnnotations(rollout, annotations) {
      store.update('Rollout', rollout.metadata.namespace, rollout.metadata.name, (object) => {
        object.metadata.annotations = applyMetadataChanges(object.metadata.annotations ?? {}, annotations);
      });
    },
    async writeRolloutStatus(read: Stored<Rollout>, status: RolloutStatus): Promise<StatusWrite> {
      const { namespace, name } = read.metadata;
      const current = store.get('Rollout', namespace, name);
      if (!current) return 'gone';
      // Someone changed the spec or status meanwhile (a promote, an apply): decide again from there.
      if (!jsonEqual([current.spec, current.status ?? null], [read.spec, read.status ?? null])) return 'conflict';
      store.writeStatus({ kind: 'Rollout', namespace, name }, status);
      return 'written';
    },
  };
}
