// `sluice retry rollout NAME...`: its spec (parser, help, completion).
import { experimentsNotRun } from '../shared/errors.ts';
import { experimentWords, ROLLOUT_NAMES, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'retry',
  summary: 'retry aborted rollouts',
  description:
    'Starts the update of aborted rollouts again: sets status.abort to false. A rollout that is not aborted is refused.',
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
    experimentWords(experimentsNotRun('retry').message, true),
  ],
};
