// `sluice create analysisrun --from NAME | --from-file FILE`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';
import { TARGET_FLAGS } from '../shared/target-flags.ts';

export const spec: CommandSpec = {
  name: 'create',
  usage: 'create analysisrun --from NAME|--from-file FILE [--global] [-a NAME=VALUE]... [--name N|--generate-name P] [--instance-id ID] [-n NS]',
  description:
    'Creates an AnalysisRun from an AnalysisTemplate (--global: a ClusterAnalysisTemplate) of the target, or from one in a file, as Argo\'s plugin does: the template\'s metadata and spec with the kind AnalysisRun, the values of -a merged into its args, named NAME or generated from --generate-name (default: the template\'s name and "-"). The run starts at once.',
  flags: [
    { name: 'from', takesValue: true, valueName: 'NAME', description: 'the AnalysisTemplate (or with --global the ClusterAnalysisTemplate) to run' },
    { name: 'from-file', takesValue: true, valueName: 'FILE', description: 'the template in a file (YAML or JSON)' },
    { name: 'global', takesValue: false, description: 'read a ClusterAnalysisTemplate rather than an AnalysisTemplate' },
    { name: 'argument', short: 'a', takesValue: true, valueName: 'NAME=VALUE', description: 'a value for an argument of the template (repeatable)', repeatable: true },
    { name: 'name', takesValue: true, valueName: 'NAME', description: 'the name of the run' },
    { name: 'generate-name', takesValue: true, valueName: 'PREFIX', description: 'name the run PREFIX and five random characters' },
    { name: 'instance-id', takesValue: true, valueName: 'ID', description: 'label the run for the controller of this instance id (replaces the template\'s labels, as Argo does)' },
    ...TARGET_FLAGS,
  ],
  subcommands: ['analysisrun'],
  examples: [
    'sluice create analysisrun --from success-rate -a service-name=colorapi',
    'sluice create analysisrun --global --from error-budget --name budget-check',
    'sluice create analysisrun --from-file analysis/success-rate.yaml -a service-name=colorapi',
  ],
};
