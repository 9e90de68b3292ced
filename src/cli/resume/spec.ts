// `sluice resume NAME...`: its spec (parser, help, completion).
import { ROLLOUT_NAMES, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'resume',
  summary: 'resume paused rollouts',
  description: 'Resumes paused rollouts: clears spec.paused and the pause conditions (status.pauseConditions).',
  arguments: [ROLLOUT_NAMES],
  flags: [],
  target: true,
  examples: ['sluice resume colorapi'],
};
