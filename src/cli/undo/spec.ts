// `sluice undo NAME [--to-revision N]`: its spec (parser, help, completion).
import { ROLLOUT_NAME, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'undo',
  summary: 'roll back to an earlier revision',
  description:
    "Rolls back: writes the pod template of an earlier revision (default: the one before the current) into spec.template. The rollout then updates to it as to any new template, reusing that revision's ReplicaSet.",
  arguments: [ROLLOUT_NAME],
  flags: [
    {
      name: 'to-revision',
      takesValue: true,
      type: 'integer',
      valueName: 'N',
      description: 'the revision to go back to (0: the previous one)',
      default: '0',
    },
  ],
  target: true,
  examples: ['sluice undo colorapi', 'sluice undo colorapi --to-revision 3'],
};
