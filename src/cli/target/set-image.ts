// `set image ROLLOUT CONTAINER=IMAGE` on a cluster: the whole rollout with the new pod template
// (src/engine/control/set-image.ts), to update with its resourceVersion.
import type { Rollout } from '../../api/types/rollout.ts';
import { ControlError, templateWithImage } from '../../engine/control.ts';
import { CliError } from '../shared/errors.ts';

export function withImage(rollout: Rollout, container: string, image: string): Rollout {
  try {
    const template = templateWithImage(rollout, container, image);
    const copy = structuredClone(rollout);
    copy.spec.template = template;
    return copy;
  } catch (error) {
    if (error instanceof ControlError) throw new CliError(error.message);
    throw error;
  }
}
