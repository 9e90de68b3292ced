// One pass of one Experiment, the same on a cluster and on one machine: observe through the ports,
// decide (decideExperiment), carry out the actions in order, record the events, write the status.
// A failed action stops the pass (nothing more is changed, the status is not written) and the
// runtime tries again; a status write refused because the Experiment changed is decided again.
import type { Experiment } from '../../api/types/experiment.ts';
import { jsonEqual } from '../../api/json-equal.ts';
import type { ObjectBase, Stored } from '../../platform/kubernetes/client/objects.ts';
import {
  decideExperiment,
  type ExperimentAction,
  type ExperimentDecision,
  type ExperimentEvent,
} from '../../engine/experiment.ts';
import { experimentAnalysisRun } from './analysis-run.ts';
import { observeExperiment } from './observe.ts';
import type { ExperimentPorts } from './ports.ts';

export type ExperimentPassOutcome =
  /** Written (or nothing to write); decide again after requeueAfterMs, or on a change. */
  | { kind: 'done'; changed: boolean; phase: string; requeueAfterMs?: number }
  | { kind: 'conflict' }
  | { kind: 'gone' }
  | { kind: 'actionFailed'; action: ExperimentAction; error: Error };

export async function experimentPass(
  experiment: Stored<Experiment>,
  ports: ExperimentPorts,
  now: number,
): Promise<ExperimentPassOutcome> {
  if (experiment.metadata.deletionTimestamp)
    return { kind: 'done', changed: false, phase: experiment.status?.phase ?? '' };
  const observed = observeExperiment(experiment, ports.reader);
  let decision: ExperimentDecision = decideExperiment(observed, now);
  const namespace = experiment.metadata.namespace;
  const failedCreates: Record<string, string> = {};
  for (let index = 0; index < decision.actions.length; index++) {
    const action = decision.actions[index] as ExperimentAction;
    try {
      await apply(action, namespace, ports, now);
    } catch (error) {
      if (action.type !== 'createReplicaSet') return { kind: 'actionFailed', action, error: error as Error };
      // As Argo: a ReplicaSet that cannot be created puts its template in Error (with an Event);
      // the pass is decided again knowing it, and goes on from the same place (the actions
      // before it are the same, and done).
      failedCreates[action.template] = (error as Error).message;
      decision = decideExperiment({ ...observed, failedCreates: { ...failedCreates } }, now);
      index--;
    }
  }
  for (const event of decision.events) await ports.events.record(eventObject(experiment, event), event, now);
  const unchanged = jsonEqual(experiment.status ?? {}, decision.status);
  if (!unchanged) {
    const written = await ports.writer.writeStatus(experiment, decision.status);
    if (written !== 'written') return { kind: written };
  }
  const changed = !unchanged || decision.actions.length > 0;
  return {
    kind: 'done',
    changed,
    phase: decision.status.phase ?? '',
    ...(decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : {}),
  };
}

async function apply(action: ExperimentAction, namespace: string, ports: ExperimentPorts, now: number): Promise<void> {
  const { writer } = ports;
  switch (action.type) {
    case 'createReplicaSet':
      return writer.createReplicaSet(action.replicaSet);
    case 'scaleReplicaSet':
      return writer.scaleReplicaSet(namespace, action.name, action.replicas);
    case 'annotateReplicaSet':
      return writer.annotateReplicaSet(namespace, action.name, action.annotations);
    case 'createService':
      return writer.createService(action.service);
    case 'deleteService':
      return writer.deleteService(namespace, action.name);
    case 'createAnalysisRun':
      return writer.createAnalysisRun(experimentAnalysisRun(action, namespace, ports.reader, now));
    case 'terminateAnalysisRun':
      return writer.terminateAnalysisRun(namespace, action.name);
  }
}

/** One action in a few words, for log lines. */
export function describeExperimentAction(action: ExperimentAction): string {
  switch (action.type) {
    case 'createReplicaSet':
      return `${action.type} ${action.replicaSet.metadata.name}`;
    case 'createService':
      return `${action.type} ${action.service.metadata.name}`;
    case 'scaleReplicaSet':
      return `${action.type} ${action.name} (${action.replicas})`;
    default:
      return `${action.type} ${action.name}`;
  }
}

/** What an event is about: the experiment, or the Rollout that owns it (by its owner reference). */
function eventObject(experiment: Stored<Experiment>, event: ExperimentEvent): Stored<ObjectBase> {
  if (!event.rollout) return experiment;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: event.rollout.name,
      namespace: experiment.metadata.namespace,
      uid: event.rollout.uid,
      resourceVersion: '',
    },
  };
}
