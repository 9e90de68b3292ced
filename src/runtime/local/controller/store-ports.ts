// The rollout loop's reader and writer over the local object store. The store is always current,
// so the reader is the store itself; the writer writes through the recording view, so each of its
// writes is known as the controller's own.
import { jsonEqual } from '../../../api/json-equal.ts';
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RolloutStatus } from '../../../api/types/rollout-status.ts';
import { applyMetadataChanges } from '../../../engine/core/metadata-changes.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import type { MissingObjectHints, ReadKind, ReadKinds, RolloutReader, RolloutWriter, StatusWrite } from '../../rollouts/ports.ts';
import { ownedAnalysisRuns } from './analysis-runs.ts';
import type { StoreAccess } from './recording-store.ts';

/** Objects are applied as files, with the rollout. */
export const LOCAL_HINTS: MissingObjectHints = { object: 'apply it with the rollout', workloadRef: 'apply it with the rollout' };

export function storeReader(store: Pick<StoreAccess, 'get' | 'list'>): RolloutReader {
  return {
    get: <K extends ReadKind>(kind: K, namespace: string, name: string) => store.get(kind, namespace, name) as ReadKinds[K] | undefined,
    analysisRunsOf: (rollout) => ownedAnalysisRuns(store, rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? ''),
  };
}

export function storeWriter(store: StoreAccess): RolloutWriter {
  return {
    async setServiceSelector(namespace, service, podTemplateHash) {
      const updated = store.update('Service', namespace, service, (object) => {
        const selector = { ...(object.spec.selector ?? {}) };
        if (podTemplateHash === '') delete selector[POD_TEMPLATE_HASH_LABEL];
        else selector[POD_TEMPLATE_HASH_LABEL] = podTemplateHash;
        object.spec.selector = selector;
      });
      return updated !== undefined;
    },
    async createAnalysisRun(run: AnalysisRun) {
      const namespace = run.metadata.namespace ?? 'default';
      if (store.get('AnalysisRun', namespace, run.metadata.name ?? '')) return;
      const { status, ...withoutStatus } = run;
      const stored = store.put(withoutStatus);
      if (status) store.writeStatus({ kind: 'AnalysisRun', namespace, name: stored.metadata.name ?? '' }, status);
    },
    async terminateAnalysisRun(namespace, name) {
      store.update('AnalysisRun', namespace, name, (run) => {
        run.spec.terminate = true;
      });
    },
    async deleteAnalysisRun(namespace, name) {
      store.delete({ kind: 'AnalysisRun', namespace, name });
    },
    // workloadRef.scaleDown: the local runtime runs no Deployments; the stored object records the scale.
    async scaleDeployment(namespace, name, replicas) {
      const updated = store.update('Deployment', namespace, name, (object) => {
        object.spec.replicas = replicas;
      });
      return updated !== undefined;
    },
    async setRolloutAnnotations(rollout, annotations) {
      store.update('Rollout', rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? '', (object) => {
        object.metadata.annotations = applyMetadataChanges(object.metadata.annotations ?? {}, annotations);
      });
    },
    async writeRolloutStatus(read: Rollout, status: RolloutStatus): Promise<StatusWrite> {
      const namespace = read.metadata.namespace ?? 'default';
      const name = read.metadata.name ?? '';
      const current = store.get('Rollout', namespace, name);
      if (!current) return 'gone';
      // Someone changed the spec or status meanwhile (a promote, an apply): decide again from there.
      if (!jsonEqual([current.spec, current.status ?? null], [read.spec, read.status ?? null])) return 'conflict';
      store.writeStatus({ kind: 'Rollout', namespace, name }, status);
      return 'written';
    },
  };
}
