// The control verbs whose patch depends on the rollout alone (undo needs the ReplicaSets, set image
// a container and an image): one dispatch for every place that turns a verb into a patch.
import type { Rollout } from '../../api/types/rollout.ts';
import { abortPatch, pausePatch, restartPatch, resumePatch, retryPatch } from './lifecycle.ts';
import type { ControlPatch } from './patch.ts';
import { promotePatch } from './promote.ts';

export const ROLLOUT_VERBS = ['promote', 'promote-full', 'pause', 'resume', 'abort', 'retry', 'restart'] as const;
export type RolloutVerb = (typeof ROLLOUT_VERBS)[number];

/** The patch `verb` sends for `rollout`; `now` stamps a restart. Throws ControlError when the verb does not apply. */
export function rolloutVerbPatch(verb: RolloutVerb, rollout: Rollout, now: number): ControlPatch {
  switch (verb) {
    case 'promote':
      return promotePatch(rollout);
    case 'promote-full':
      return promotePatch(rollout, { full: true });
    case 'pause':
      return pausePatch();
    case 'resume':
      return resumePatch(rollout);
    case 'abort':
      return abortPatch();
    case 'retry':
      return retryPatch(rollout);
    case 'restart':
      return restartPatch(now);
  }
}
