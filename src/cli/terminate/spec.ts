// `sluice terminate analysisrun NAME...`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'terminate',
  usage: 'terminate analysisrun NAME... [-n NS]',
  description:
    'Ends analysis runs that are in progress: sets spec.terminate to true. Measurements in flight are stopped, no new one starts, and the run ends Successful with "Run Terminated" unless a metric had already failed. "terminate experiment" is refused: experiments are not run yet.',
  flags: TARGET_FLAGS,
  subcommands: ['analysisrun', 'experiment'],
  examples: ['sluice terminate analysisrun colorapi-7d458c8cd8-2-success-rate'],
};
