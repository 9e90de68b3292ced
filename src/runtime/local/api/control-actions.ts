// The rollout actions of the API (promote, abort, undo, ...), as the patches the kubectl plugin and
// Argo CD's actions send: computed by src/engine/control/ and applied to the stored Rollout.
import type { Rollout } from '../../../api/types/rollout.ts';
import {
  ControlError,
  type ControlPatch,
  setImagePatch,
  undoPatch,
  ROLLOUT_VERBS,
  rolloutVerbPatch,
} from '../../../engine/control.ts';
import type { ObservedReplicaSet } from '../../../engine/types.ts';
import type { ObjectStore } from '../store/object-store.ts';

export const CONTROL_ACTIONS = [...ROLLOUT_VERBS, 'undo', 'set-image'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export interface ControlParameters {
  toRevision?: number;
  container?: string;
  image?: string;
  /** `restart --in`: spec.restartAt this long after now. */
  restartInMs?: number;
}

export { ControlError };

export function isControlAction(name: string): name is ControlAction {
  return (CONTROL_ACTIONS as readonly string[]).includes(name);
}

export function controlPatch(
  action: ControlAction,
  rollout: Rollout,
  replicaSets: ObservedReplicaSet[],
  parameters: ControlParameters,
  now: number,
): ControlPatch {
  switch (action) {
    case 'undo':
      return undoPatch(rollout, replicaSets, parameters.toRevision ?? 0);
    case 'set-image':
      return setImageRequest(rollout, parameters.container, parameters.image);
    default:
      return rolloutVerbPatch(action, rollout, action === 'restart' ? now + (parameters.restartInMs ?? 0) : now);
  }
}

/** `set image ROLLOUT CONTAINER=IMAGE`; `*` sets every container. */
function setImageRequest(rollout: Rollout, container: string | undefined, image: string | undefined): ControlPatch {
  if (!container || !image)
    throw new ControlError(
      'set-image needs a container and an image, e.g. {"container": "web", "image": "example/web:2.0"}',
    );
  return setImagePatch(rollout, container, image);
}

/** Applies a patch to the stored rollout: spec fields replaced (null removes), status fields merged. */
export function applyControlPatch(
  store: ObjectStore,
  namespace: string,
  name: string,
  patch: ControlPatch,
): Rollout | undefined {
  return store.update('Rollout', namespace, name, (rollout) => {
    // The patch names spec fields by key; RolloutSpec has no index signature.
    const spec = rollout.spec as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch.spec ?? {})) {
      if (value === null) delete spec[key];
      else spec[key] = value;
    }
    if (patch.status) {
      const status: Record<string, unknown> = { ...(rollout.status ?? {}) };
      for (const [key, value] of Object.entries(patch.status)) {
        if (value === null) delete status[key];
        else status[key] = value;
      }
      rollout.status = status as Rollout['status'];
    }
  });
}
