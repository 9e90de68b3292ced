// `sluice status NAME`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'status',
  usage: 'status NAME [-w[=false]] [-t|--timeout D] [-n NS]',
  description:
    'Prints the rollout\'s status line each time it changes, until the rollout is Healthy (exit 0) or Degraded (exit 1), or the timeout passes (exit 1). --watch=false prints the status once (exit 1 only when Degraded).',
  flags: [
    { name: 'watch', short: 'w', takesValue: false, description: 'watch until Healthy or Degraded (the default; --watch=false prints once)' },
    { name: 'timeout', short: 't', takesValue: true, valueName: 'D', description: 'give up after this long, e.g. 90s, 5m (default: wait forever)' },
    ...TARGET_FLAGS,
  ],
  takesRolloutName: true,
  examples: ['sluice status colorapi', 'sluice status colorapi --timeout 5m', 'sluice status colorapi --watch=false'],
};
