// `sluice terminate analysisrun NAME...`: its spec (parser, help, completion).
import { experimentsNotRun } from '../shared/errors.ts';
import { experimentWords, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'terminate',
  summary: 'end analysis runs in progress',
  description:
    'Ends analysis runs that are in progress: sets spec.terminate to true. Measurements in flight are stopped, no new one starts, and the run ends Successful with "Run Terminated" unless a metric had already failed. "terminate experiment" is refused: experiments are not run yet.',
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'analysisrun',
      aliases: ['analysisruns', 'ar'],
      summary: 'end analysis runs in progress',
      description:
        'Ends analysis runs that are in progress: sets spec.terminate to true. Measurements in flight are stopped, no new one starts, and the run ends Successful with "Run Terminated" unless a metric had already failed.',
      arguments: [{ name: 'NAME', description: 'the AnalysisRuns, one or more', repeatable: true }],
      flags: [],
      examples: ['sluice terminate analysisrun colorapi-7d458c8cd8-2-success-rate'],
    },
    experimentWords(experimentsNotRun('terminate').message, false),
  ],
};
