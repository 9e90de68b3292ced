// `sluice retry rollout|experiment NAME...`: its spec (parser, help, completion).
import { ROLLOUT_NAMES, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'retry',
  summary: 'retry aborted rollouts, or experiments',
  description:
    'Starts the update of aborted rollouts again: sets status.abort to false. A rollout that is not aborted is refused. "retry experiment" runs experiments again from the start.',
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'rollout',
      aliases: ['rollouts', 'ro'],
      summary: 'retry aborted rollouts',
      description:
        'Starts the update of aborted rollouts again: sets status.abort to false. A rollout that is not aborted is refused.',
      arguments: [ROLLOUT_NAMES],
      flags: [],
      examples: ['sluice retry rollout colorapi'],
    },
    {
      name: 'experiment',
      aliases: ['experiments', 'exp'],
      summary: 'run experiments again from the start',
      description:
        "Runs experiments again from the start: clears their status (as Argo's plugin), so their templates scale up and their analyses run again.",
      arguments: [{ name: 'NAME', description: 'the Experiments, one or more', repeatable: true }],
      flags: [],
      examples: ['sluice retry experiment colorapi-7d458c8cd8-2-1'],
    },
  ],
};
