// `sluice restart NAME [--in D]`: its spec (parser, help, completion).
import { ROLLOUT_NAME, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'restart',
  summary: 'restart the pods of a rollout',
  description:
    'Restarts the pods of a rollout, oldest first and within maxUnavailable: sets spec.restartAt to now, or with --in that long from now.',
  arguments: [ROLLOUT_NAME],
  flags: [
    {
      name: 'in',
      short: 'i',
      takesValue: true,
      type: 'duration',
      valueName: 'D',
      description: 'restart after this long, e.g. 30s, 5m, 1h',
      defaultText: 'now',
    },
  ],
  target: true,
  examples: ['sluice restart colorapi', 'sluice restart colorapi --in 10m'],
};
