// `sluice retry rollout NAME...`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'retry',
  usage: 'retry rollout NAME... [-n NS]',
  description: 'Starts the update of aborted rollouts again: sets status.abort to false. A rollout that is not aborted is refused.',
  flags: TARGET_FLAGS,
  subcommands: ['rollout'],
  takesRolloutName: true,
  examples: ['sluice retry rollout colorapi'],
};
