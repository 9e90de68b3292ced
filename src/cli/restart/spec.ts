// `sluice restart NAME`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'restart',
  usage: 'restart NAME [-n NS]',
  description: 'Restarts the pods of a rollout, oldest first and within maxUnavailable: sets spec.restartAt to now.',
  flags: TARGET_FLAGS,
  takesRolloutName: true,
  examples: ['sluice restart colorapi'],
};
