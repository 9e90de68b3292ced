// Carries out one engine action through the ports, literally: ReplicaSets and pods through
// Workloads, traffic through the router (all or nothing per call), the rest through the writer. It
// decides nothing; a change that cannot be made is an ActionError and the pass stops there.
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import type { Action, DesiredTraffic } from '../../engine/types.ts';
import { formatProblem } from '../../traffic/desired.ts';
import { applyWorkloadAction, isWorkloadAction } from '../workloads.ts';
import { analysisRunToCreate } from './analysis-runs.ts';
import type { RolloutPorts } from './ports.ts';

export interface ActionContext {
  ports: RolloutPorts;
  rollout: Stored<Rollout>;
  now: number;
  /** Called once the router has put a traffic state in place. */
  trafficApplied(traffic: DesiredTraffic): void;
}

/** A change the runtime could not make; the pass stops there and is tried again. */
export class ActionError extends Error {
  override name = 'ActionError';
}

export async function applyAction(action: Action, context: ActionContext): Promise<void> {
  const { ports, rollout } = context;
  const namespace = rollout.metadata.namespace;
  if (isWorkloadAction(action)) {
    const minReadySeconds = rollout.spec.minReadySeconds;
    await applyWorkloadAction(ports.workloads, action, minReadySeconds !== undefined ? { minReadySeconds } : {});
    return;
  }
  switch (action.type) {
    case 'setServiceSelector':
      if (
        !(await ports.writer.setServiceSelector(
          namespace,
          action.service,
          action.podTemplateHash,
          rollout.metadata.name,
        ))
      ) {
        throw new ActionError(
          `Service ${namespace}/${action.service} not found: cannot point it at revision ${action.podTemplateHash}`,
        );
      }
      return;
    case 'setTraffic': {
      const result = await ports.router.apply(action.traffic);
      if (result.problems.length > 0)
        throw new ActionError(`traffic not changed: ${result.problems.map(formatProblem).join('; ')}`);
      context.trafficApplied(structuredClone(action.traffic));
      return;
    }
    case 'createAnalysisRun':
      // The name is deterministic: a run that exists is the one asked for.
      if (ports.reader.get('AnalysisRun', namespace, action.name)) return;
      await ports.writer.createAnalysisRun(analysisRunToCreate(action, rollout, ports.reader, context.now));
      return;
    case 'terminateAnalysisRun':
      await ports.writer.terminateAnalysisRun(namespace, action.name);
      return;
    case 'deleteAnalysisRun':
      await ports.writer.deleteAnalysisRun(namespace, action.name);
      return;
    case 'createExperiment':
      await ports.writer.createExperiment(action.experiment);
      return;
    case 'terminateExperiment':
      await ports.writer.terminateExperiment(namespace, action.name);
      return;
    case 'deleteExperiment':
      await ports.writer.deleteExperiment(namespace, action.name);
      return;
    case 'scaleDeployment':
      if (!(await ports.writer.scaleDeployment(namespace, action.name, action.replicas))) {
        throw new ActionError(
          `Deployment ${namespace}/${action.name} (spec.workloadRef) not found: cannot scale it to ${action.replicas}`,
        );
      }
      return;
    case 'setRolloutAnnotations':
      await ports.writer.setRolloutAnnotations(rollout, action.annotations);
      return;
  }
}
