// `sluice pause NAME... [-n NS]`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'pause',
  usage: 'pause NAME... [-n NS]',
  description: 'Pauses the rollouts: sets spec.paused, as kubectl argo rollouts pause does. The rollout stays where it is until resumed.',
  flags: TARGET_FLAGS,
  takesRolloutName: true,
  examples: ['sluice pause colorapi'],
};
