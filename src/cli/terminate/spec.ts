// `sluice terminate analysisrun|experiment NAME...`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'terminate',
  summary: 'end analysis runs or experiments in progress',
  description:
    'Ends analysis runs (terminate analysisrun) or experiments (terminate experiment) that are in progress: sets spec.terminate to true.',
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
    {
      name: 'experiment',
      aliases: ['experiments', 'exp'],
      summary: 'end experiments in progress',
      description:
        'Ends experiments that are in progress: sets spec.terminate to true. Their analysis runs are terminated, their templates scale down after scaleDownDelaySeconds, and the experiment ends Successful unless something had already failed.',
      arguments: [{ name: 'NAME', description: 'the Experiments, one or more', repeatable: true }],
      flags: [],
      examples: ['sluice terminate experiment colorapi-7d458c8cd8-2-1'],
    },
  ],
};
