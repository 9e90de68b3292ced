// `sluice promote NAME [--full]`: its spec (parser, help, completion).
import { ROLLOUT_NAME, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'promote',
  summary: 'promote a paused rollout',
  description:
    'Promotes a rollout paused at a canary step or before a blue-green switch: clears spec.paused and the pause conditions, or moves a canary to its next step. --full sets status.promoteFull: every remaining step, pause and analysis is skipped.',
  arguments: [ROLLOUT_NAME],
  flags: [
    {
      name: 'full',
      takesValue: false,
      description: 'promote to the new version at once, skipping steps, pauses and analysis',
    },
  ],
  target: true,
  examples: ['sluice promote colorapi', 'sluice promote colorapi --full'],
};
