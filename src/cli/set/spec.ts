// `sluice set image NAME CONTAINER=IMAGE`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'set',
  usage: 'set image NAME CONTAINER=IMAGE [-n NS]',
  description: 'Sets the image of a container of the rollout\'s pod template (init containers included); CONTAINER * sets every container. A new image starts a new revision.',
  flags: TARGET_FLAGS,
  subcommands: ['image'],
  takesRolloutName: true,
  examples: ['sluice set image colorapi colorapi=particule/simplecolorapi:2.0', 'sluice set image colorapi "*=particule/simplecolorapi:2.0"'],
};
