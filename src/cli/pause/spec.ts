// `sluice pause NAME...`: its spec (parser, help, completion).
import { ROLLOUT_NAMES, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'pause',
  summary: 'pause rollouts',
  description:
    'Pauses the rollouts: sets spec.paused, as kubectl argo rollouts pause does. The rollout stays where it is until resumed.',
  arguments: [ROLLOUT_NAMES],
  flags: [],
  target: true,
  examples: ['sluice pause colorapi'],
};
