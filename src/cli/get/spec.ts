// `sluice get rollout|analysisrun NAME`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const OUTPUT_FORMATS = ['json', 'yaml'] as const;

export const spec: CommandSpec = {
  name: 'get',
  usage: 'get rollout NAME [-w [--timeout-seconds N]] [--no-color] [-o json|yaml] [-n NS] | get analysisrun NAME [-o json|yaml] [-n NS]',
  description:
    'Shows a rollout: its status, strategy, step and weights, images and replicas, then the tree of its revisions, ReplicaSets, pods and AnalysisRuns. With -w the output is redrawn in place as it changes. "get analysisrun" shows a run\'s metrics and measurements.',
  flags: [
    { name: 'watch', short: 'w', takesValue: false, description: 'redraw as the rollout changes, until Ctrl-C' },
    { name: 'timeout-seconds', takesValue: true, valueName: 'N', description: 'with -w, stop watching after N seconds (exit 0, as Argo\'s plugin)' },
    { name: 'no-color', takesValue: false, description: 'no colours (also: NO_COLOR, or output that is not a terminal)' },
    { name: 'output', short: 'o', takesValue: true, valueName: 'FORMAT', description: 'print the object itself: json or yaml', choices: OUTPUT_FORMATS },
    ...TARGET_FLAGS,
  ],
  subcommands: ['rollout', 'analysisrun'],
  takesRolloutName: true,
  examples: ['sluice get rollout colorapi', 'sluice get rollout colorapi -w', 'sluice get rollout colorapi -w --timeout-seconds 60', 'sluice get rollout colorapi -o yaml', 'sluice get analysisrun colorapi-7d458c8cd8-2'],
};
