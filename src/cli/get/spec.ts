// `sluice get rollout|analysisrun|experiment NAME`: its spec (parser, help, completion).
import { ROLLOUT_NAME, type CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';

export const OUTPUT_FORMATS = ['json', 'yaml'] as const;

const OUTPUT: FlagSpec = {
  name: 'output',
  short: 'o',
  takesValue: true,
  valueName: 'FORMAT',
  description: 'print the object itself',
  choices: OUTPUT_FORMATS,
};
const NO_COLOR: FlagSpec = {
  name: 'no-color',
  takesValue: false,
  description: 'no colours (also: NO_COLOR, or output that is not a terminal)',
};

export const spec: CommandSpec = {
  name: 'get',
  summary: 'show a rollout, an analysis run or an experiment',
  description: 'Shows a rollout (get rollout), an analysis run (get analysisrun) or an experiment (get experiment).',
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'rollout',
      aliases: ['rollouts', 'ro'],
      summary: 'show a rollout: its status and the tree of its revisions',
      description:
        'Shows a rollout: its status, strategy, step and weights, images and replicas, then the tree of its revisions, ReplicaSets, pods and AnalysisRuns. With -w the output is redrawn in place as it changes.',
      arguments: [ROLLOUT_NAME],
      flags: [
        { name: 'watch', short: 'w', takesValue: false, description: 'redraw as the rollout changes, until Ctrl-C' },
        {
          name: 'timeout-seconds',
          takesValue: true,
          type: 'integer',
          unit: 'seconds',
          valueName: 'N',
          description: "with -w, stop watching after N seconds (exit 0, as Argo's plugin; 0: never)",
          default: '0',
        },
        NO_COLOR,
        OUTPUT,
      ],
      examples: [
        'sluice get rollout colorapi',
        'sluice get rollout colorapi -w',
        'sluice get rollout colorapi -w --timeout-seconds 60',
        'sluice get rollout colorapi -o yaml',
      ],
    },
    {
      name: 'analysisrun',
      aliases: ['analysisruns', 'ar'],
      summary: 'show an analysis run: its metrics and measurements',
      arguments: [{ name: 'NAME', description: 'the AnalysisRun' }],
      flags: [NO_COLOR, OUTPUT],
      examples: ['sluice get analysisrun colorapi-7d458c8cd8-2'],
    },
    {
      name: 'experiment',
      aliases: ['experiments', 'exp'],
      summary: 'show an experiment: its status and the tree of what it runs',
      description:
        'Shows an experiment: its status, message and the images its templates run, then the tree of the Experiment, its ReplicaSets and pods, its AnalysisRuns and their Jobs. With -w the output is redrawn in place as it changes.',
      arguments: [{ name: 'NAME', description: 'the Experiment' }],
      flags: [
        { name: 'watch', short: 'w', takesValue: false, description: 'redraw as the experiment changes, until Ctrl-C' },
        NO_COLOR,
        OUTPUT,
      ],
      examples: [
        'sluice get experiment colorapi-7d458c8cd8-2-1',
        'sluice get experiment colorapi-7d458c8cd8-2-1 -w',
        'sluice get experiment colorapi-7d458c8cd8-2-1 -o yaml',
      ],
    },
  ],
};
