// Carries out one engine action against the cluster, literally: ReplicaSets and pods through the
// Workloads port, Service selectors by merge patch, traffic through the router (all or nothing per
// call), AnalysisRuns as objects owned by the Rollout, annotations on the Rollout. It decides nothing.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import { formatTimestamp } from '../../../engine/core/time.ts';
import type { Action, DesiredTraffic } from '../../../engine/types.ts';
import { formatProblem } from '../../../traffic/desired.ts';
import type { TrafficRouter } from '../../../traffic/router.ts';
import { applyWorkloadAction, isWorkloadAction, type Workloads } from '../../workloads.ts';
import type { KubeClient } from '../client/client.ts';
import { AlreadyExistsError, NotFoundError } from '../client/errors.ts';
import type { KubeObject } from '../client/objects.ts';
import { argoResources, coreResources } from '../client/resources.ts';
import { analysisRunFor } from './analysis-runs.ts';
import type { RolloutCaches } from './caches.ts';
import { applyTrafficWithRetry } from './istio-store.ts';

export interface ActionContext {
  client: KubeClient;
  caches: RolloutCaches;
  rollout: Rollout;
  workloads: Workloads;
  router: TrafficRouter;
  now: number;
  /** Called with every object written (for the cache freshness check). */
  wrote(kind: 'Rollout' | 'Service' | 'AnalysisRun', object: KubeObject): void;
  deleted(kind: 'AnalysisRun', name: string): void;
  /** Called once the router has put a traffic state in place. */
  trafficApplied(traffic: DesiredTraffic): void;
}

/** A change the runtime could not make; the reconcile stops there and is tried again. */
export class ActionError extends Error {
  override name = 'ActionError';
}

export async function applyAction(action: Action, context: ActionContext): Promise<void> {
  const { client, rollout } = context;
  const namespace = rollout.metadata.namespace ?? 'default';
  if (isWorkloadAction(action)) {
    const minReadySeconds = rollout.spec.minReadySeconds;
    await applyWorkloadAction(context.workloads, action, minReadySeconds !== undefined ? { minReadySeconds } : {});
    return;
  }
  switch (action.type) {
    case 'setServiceSelector': {
      const selector = { [POD_TEMPLATE_HASH_LABEL]: action.podTemplateHash === '' ? null : action.podTemplateHash };
      try {
        context.wrote('Service', await client.patch<KubeObject>(coreResources.services, namespace, action.service, { spec: { selector } }));
      } catch (error) {
        if (error instanceof NotFoundError) throw new ActionError(`Service ${namespace}/${action.service} not found: cannot point it at revision ${action.podTemplateHash}`);
        throw error;
      }
      return;
    }
    case 'setTraffic': {
      const result = await applyTrafficWithRetry(context.router, action.traffic);
      if (result.problems.length > 0) throw new ActionError(`traffic not changed: ${result.problems.map(formatProblem).join('; ')}`);
      context.trafficApplied(structuredClone(action.traffic));
      return;
    }
    case 'createAnalysisRun':
      return createAnalysisRun(action, context, namespace);
    case 'terminateAnalysisRun':
      try {
        context.wrote('AnalysisRun', await client.patch<KubeObject>(argoResources.analysisRuns, namespace, action.name, { spec: { terminate: true } }));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      return;
    case 'deleteAnalysisRun':
      try {
        await client.delete(argoResources.analysisRuns, namespace, action.name, { propagationPolicy: 'Background' });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      context.deleted('AnalysisRun', action.name);
      return;
    case 'setRolloutAnnotations':
      context.wrote('Rollout', await client.patch<KubeObject>(argoResources.rollouts, namespace, rollout.metadata.name ?? '', { metadata: { annotations: action.annotations } }));
      return;
  }
}

/**
 * Creates the run (its name is deterministic: one that already exists is the one asked for). A run
 * whose templates cannot be merged is created in phase Error with the reason (AnalysisRuns have no
 * status subresource: the status goes with the object), so the rollout reacts as to a failed analysis.
 */
async function createAnalysisRun(action: Extract<Action, { type: 'createAnalysisRun' }>, context: ActionContext, namespace: string): Promise<void> {
  if (context.caches.analysisRuns.getByName(namespace, action.name)) return;
  const built = analysisRunFor(action, context.rollout, context.caches);
  const run: AnalysisRun = built.run;
  if (built.error !== undefined) {
    const at = formatTimestamp(context.now);
    run.status = { phase: 'Error', message: built.error, startedAt: at, completedAt: at };
  }
  try {
    context.wrote('AnalysisRun', await context.client.create<KubeObject>(argoResources.analysisRuns, namespace, run as unknown as KubeObject));
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
}
