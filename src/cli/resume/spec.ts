// `sluice resume NAME... [-n NS]`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'resume',
  usage: 'resume NAME... [-n NS]',
  description: 'Resumes paused rollouts: clears spec.paused and the pause conditions (status.pauseConditions).',
  flags: TARGET_FLAGS,
  takesRolloutName: true,
  examples: ['sluice resume colorapi'],
};
