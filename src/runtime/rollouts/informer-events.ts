// The Events a rollout gets from the runtime rather than from a decision. Argo's controller records
// RolloutAddedToInformer when a Rollout enters its informer cache (at creation, and for every
// Rollout when the controller starts) and RolloutDeleted when it leaves it. Both runtimes record
// the first through the loop, in the first pass of a rollout they had not seen, before anything the
// engine decides; the controller records the second when its informer reports the deletion. Both
// runtimes word a failed action's Warning alike (failedActionEvent).
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import type { Action, RolloutEvent } from '../../engine/types.ts';

export const ADDED_TO_INFORMER_REASON = 'RolloutAddedToInformer';
export const DELETED_REASON = 'RolloutDeleted';

/** Argo's wording: "Rollout resource added to informer: <namespace>/<name>". */
export function addedToInformerEvent(rollout: Stored<Rollout>): RolloutEvent {
  const { namespace, name } = rollout.metadata;
  return {
    type: 'Normal',
    reason: ADDED_TO_INFORMER_REASON,
    message: `Rollout resource added to informer: ${namespace}/${name}`,
  };
}

/** Argo's wording: "Rollout <name>/<namespace> is deleted." (name first, as Argo formats it). */
export function deletedEvent(rollout: Stored<Rollout>): RolloutEvent {
  const { namespace, name } = rollout.metadata;
  return { type: 'Normal', reason: DELETED_REASON, message: `Rollout ${name}/${namespace} is deleted.` };
}

/**
 * The Warning for an action the runtime could not carry out, with Argo's reason where Argo records
 * one: TrafficRoutingError (the router's error) and ReplicaSetCreateError; ReconcileError otherwise.
 */
export function failedActionEvent(action: Action, error: Error): RolloutEvent {
  if (action.type === 'setTraffic') return { type: 'Warning', reason: 'TrafficRoutingError', message: error.message };
  if (action.type === 'createReplicaSet')
    return {
      type: 'Warning',
      reason: 'ReplicaSetCreateError',
      message: `Failed to create new replica set "${action.name}": ${error.message}`,
    };
  return { type: 'Warning', reason: 'ReconcileError', message: `${action.type} failed: ${error.message}` };
}
