// `sluice status NAME`: its spec (parser, help, completion).
import { ROLLOUT_NAME, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'status',
  summary: 'wait until a rollout is Healthy (0) or Degraded (1)',
  description:
    "Prints the rollout's status line each time it changes, until the rollout is Healthy (exit 0) or Degraded (exit 1), or the timeout passes (exit 1). --watch=false prints the status once (exit 1 only when Degraded).",
  arguments: [ROLLOUT_NAME],
  flags: [
    {
      name: 'watch',
      short: 'w',
      takesValue: false,
      description: 'watch until Healthy or Degraded (--watch=false prints once)',
      default: true,
    },
    {
      name: 'timeout',
      short: 't',
      takesValue: true,
      type: 'duration',
      valueName: 'D',
      description: 'give up after this long, e.g. 90s, 5m',
      defaultText: 'wait forever',
    },
  ],
  target: true,
  examples: ['sluice status colorapi', 'sluice status colorapi --timeout 5m', 'sluice status colorapi --watch=false'],
};
