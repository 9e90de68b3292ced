// `sluice set image NAME CONTAINER=IMAGE`: its spec (parser, help, completion).
import { ROLLOUT_NAME, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'set',
  summary: 'set a container image',
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'image',
      summary: 'set a container image',
      description:
        "Sets the image of a container of the rollout's pod template (init containers included); CONTAINER * sets every container. A new image starts a new revision.",
      arguments: [
        ROLLOUT_NAME,
        { name: 'CONTAINER=IMAGE', description: 'the container (* for all) and its new image' },
      ],
      flags: [],
      examples: [
        'sluice set image colorapi colorapi=particule/simplecolorapi:2.0',
        'sluice set image colorapi "*=particule/simplecolorapi:2.0"',
      ],
    },
  ],
};
