// `sluice undo NAME [--to-revision N]`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'undo',
  usage: 'undo NAME [--to-revision N] [-n NS]',
  description:
    'Rolls back: writes the pod template of an earlier revision (default: the one before the current) into spec.template. The rollout then updates to it as to any new template, reusing that revision\'s ReplicaSet.',
  flags: [{ name: 'to-revision', takesValue: true, valueName: 'N', description: 'the revision to go back to (0: the previous one)' }, ...TARGET_FLAGS],
  takesRolloutName: true,
  examples: ['sluice undo colorapi', 'sluice undo colorapi --to-revision 3'],
};
