// The one Event a rollout gets from the runtime rather than from a decision: Argo's controller
// records RolloutAddedToInformer when a Rollout enters its informer cache (at creation, and for
// every Rollout when the controller starts). Both runtimes record it through the loop, in the first
// pass of a rollout they had not seen, before anything the engine decides.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutEvent } from '../../engine/types.ts';

export const ADDED_TO_INFORMER_REASON = 'RolloutAddedToInformer';

/** Argo's wording: "Rollout resource added to informer: <namespace>/<name>". */
export function addedToInformerEvent(rollout: Rollout): RolloutEvent {
  const { namespace, name } = rollout.metadata;
  return { type: 'Normal', reason: ADDED_TO_INFORMER_REASON, message: `Rollout resource added to informer: ${namespace ?? 'default'}/${name ?? ''}` };
}
