// Carries out one engine action, literally, against the local runtime: ReplicaSets and pods through
// the Workloads port, Service selectors and AnalysisRuns in the store, traffic through the router
// (which writes the store the mesh routes from), annotations on the Rollout.
import type { Rollout } from '../../../api/types/rollout.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import type { Action, DesiredTraffic } from '../../../engine/types.ts';
import { formatProblem } from '../../../traffic/desired.ts';
import type { TrafficRouter } from '../../../traffic/router.ts';
import { applyWorkloadAction, isWorkloadAction, type Workloads } from '../../workloads.ts';
import { applyMetadataChanges } from '../../../engine/core/metadata-changes.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { analysisRunFor } from './analysis-runs.ts';

export interface ActionContext {
  rollout: Rollout;
  namespace: string;
  store: ObjectStore;
  workloads: Workloads;
  router: TrafficRouter;
  now: number;
  /** Called once the router has put a traffic state in place. */
  trafficApplied(traffic: DesiredTraffic): void;
}

/** A change the runtime could not make; the reconciliation stops there and is tried again. */
export class ActionError extends Error {
  override name = 'ActionError';
}

export async function applyAction(action: Action, context: ActionContext): Promise<void> {
  const { store, namespace } = context;
  if (isWorkloadAction(action)) {
    const minReadySeconds = context.rollout.spec.minReadySeconds;
    await applyWorkloadAction(context.workloads, action, minReadySeconds !== undefined ? { minReadySeconds } : {});
    return;
  }
  switch (action.type) {
    case 'setServiceSelector': {
      const updated = store.update('Service', namespace, action.service, (service) => {
        const selector = { ...(service.spec.selector ?? {}) };
        if (action.podTemplateHash === '') delete selector[POD_TEMPLATE_HASH_LABEL];
        else selector[POD_TEMPLATE_HASH_LABEL] = action.podTemplateHash;
        service.spec.selector = selector;
      });
      if (!updated) throw new ActionError(`Service ${namespace}/${action.service} not found: cannot point it at revision ${action.podTemplateHash}`);
      return;
    }
    case 'setTraffic': {
      const result = await context.router.apply(action.traffic);
      if (result.problems.length > 0) throw new ActionError(`traffic not changed: ${result.problems.map(formatProblem).join('; ')}`);
      context.trafficApplied(structuredClone(action.traffic));
      return;
    }
    case 'createAnalysisRun': {
      if (store.get('AnalysisRun', namespace, action.name)) return;
      const run = analysisRunFor(action, context.rollout, namespace, store, context.now);
      const { status, ...withoutStatus } = run;
      const stored = store.put(withoutStatus);
      if (status) store.writeStatus({ kind: 'AnalysisRun', namespace, name: stored.metadata.name ?? '' }, status);
      return;
    }
    case 'terminateAnalysisRun':
      store.update('AnalysisRun', namespace, action.name, (run) => {
        run.spec.terminate = true;
      });
      return;
    case 'deleteAnalysisRun':
      store.delete({ kind: 'AnalysisRun', namespace, name: action.name });
      return;
    case 'setRolloutAnnotations':
      store.update('Rollout', namespace, context.rollout.metadata.name ?? '', (rollout) => {
        rollout.metadata.annotations = applyMetadataChanges(rollout.metadata.annotations ?? {}, action.annotations);
      });
      return;
  }
}
