// The Events a rollout gets from the runtime rather than from a decision. Argo's controller records
// RolloutAddedToInformer when a Rollout enters its informer cache (at creation, and for every
// Rollout when the controller starts) and RolloutDeleted when it leaves it. Both runtimes record
// the first through the loop, in the first pass of a rollout they had not seen, before anything the
// engine decides; the controller records the second when its informer reports the deletion.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutEvent } from '../../engine/types.ts';

export const ADDED_TO_INFORMER_REASON = 'RolloutAddedToInformer';
export const DELETED_REASON = 'RolloutDeleted';

/** Argo's wording: "Rollout resource added to informer: <namespace>/<name>". */
export function addedToInformerEvent(rollout: Rollout): RolloutEvent {
  const { namespace, name } = rollout.metadata;
  return { type: 'Normal', reason: ADDED_TO_INFORMER_REASON, message: `Rollout resource added to informer: ${namespace ?? 'default'}/${name ?? ''}` };
}

/** Argo's wording: "Rollout <name>/<namespace> is deleted." (name first, as Argo formats it). */
export function deletedEvent(rollout: Rollout): RolloutEvent {
  const { namespace, name } = rollout.metadata;
  return { type: 'Normal', reason: DELETED_REASON, message: `Rollout ${name ?? ''}/${namespace ?? 'default'} is deleted.` };
}
