// `sluice promote NAME [--full]`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'promote',
  usage: 'promote NAME [--full] [-n NS]',
  description:
    'Promotes a rollout paused at a canary step or before a blue-green switch: clears spec.paused and the pause conditions, or moves a canary to its next step. --full sets status.promoteFull: every remaining step, pause and analysis is skipped.',
  flags: [{ name: 'full', takesValue: false, description: 'promote to the new version at once, skipping steps, pauses and analysis' }, ...TARGET_FLAGS],
  takesRolloutName: true,
  examples: ['sluice promote colorapi', 'sluice promote colorapi --full'],
};
