// `promote` and `promote --full`, computed as the kubectl plugin patches a Rollout.
import type { Rollout } from '../../api/types/rollout.ts';
import type { ControlPatch } from './patch.ts';

/**
 * promote: unpause, and clear the pause conditions; without pause conditions a canary moves to the
 * next step instead (leaving an analysis or experiment step). promote --full: status.promoteFull.
 */
export function promotePatch(rollout: Rollout, options: { full?: boolean } = {}): ControlPatch {
  const status = rollout.status ?? {};
  const patch: ControlPatch = {};
  if (options.full) {
    if (status.currentPodHash !== status.stableRS) patch.status = { promoteFull: true };
    if (rollout.spec.paused) patch.spec = { paused: false };
    return patch;
  }
  if (rollout.spec.paused) patch.spec = { paused: false };
  if ((status.pauseConditions ?? []).length > 0) {
    patch.status = { pauseConditions: null };
  } else if (rollout.spec.strategy.canary) {
    const steps = rollout.spec.strategy.canary.steps ?? [];
    if (steps.length > 0) {
      let index = status.currentStepIndex ?? 0;
      if (index < steps.length) index++;
      patch.status = { pauseConditions: null, currentStepIndex: index };
    }
  }
  return patch;
}
