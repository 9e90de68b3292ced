// `sluice abort NAME... [-n NS]`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'abort',
  usage: 'abort NAME... [-n NS]',
  description: 'Aborts the update of the rollouts: sets status.abort, so traffic and replicas go back to the stable version. "sluice retry rollout NAME" starts the update again.',
  flags: TARGET_FLAGS,
  takesRolloutName: true,
  examples: ['sluice abort colorapi'],
};
