// `sluice restart NAME [--in D]`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'restart',
  usage: 'restart NAME [-i|--in D] [-n NS]',
  description: 'Restarts the pods of a rollout, oldest first and within maxUnavailable: sets spec.restartAt to now, or with --in that long from now.',
  flags: [{ name: 'in', short: 'i', takesValue: true, valueName: 'D', description: 'restart after this long, e.g. 30s, 5m, 1h (default: now)' }, ...TARGET_FLAGS],
  takesRolloutName: true,
  examples: ['sluice restart colorapi', 'sluice restart colorapi --in 10m'],
};
