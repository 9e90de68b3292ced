// `sluice create -f FILE...` and `sluice create analysisrun --from NAME | --from-file FILE`: the
// spec of both forms (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'create',
  summary: 'create objects, or an analysis run from a template',
  description:
    'Creates the Rollouts, AnalysisTemplates, ClusterAnalysisTemplates and AnalysisRuns of the files (an object that exists is refused; -w then watches the one Rollout created, as get rollout -w). "create analysisrun" creates an AnalysisRun from a template.',
  flags: [
    {
      name: 'filename',
      short: 'f',
      takesValue: true,
      type: 'file',
      valueName: 'FILE',
      description: 'a file of objects to create',
      repeatable: true,
      required: 'write sluice create -f FILE... [-w], or sluice create analysisrun --from NAME|--from-file FILE',
    },
    {
      name: 'watch',
      short: 'w',
      takesValue: false,
      description: 'after create -f, watch the Rollout created, until Ctrl-C',
    },
    { name: 'no-color', takesValue: false, description: 'no colours while watching' },
  ],
  target: true,
  runsAlone: true,
  examples: ['sluice create -f rollout.yaml -w'],
  subcommands: [
    {
      name: 'analysisrun',
      aliases: ['analysisruns', 'ar'],
      summary: 'create an AnalysisRun from an AnalysisTemplate',
      description:
        "Creates an AnalysisRun from an AnalysisTemplate (--global: a ClusterAnalysisTemplate) of the target, or from one in a file, as Argo's plugin does: the template's metadata and spec with the kind AnalysisRun, the values of -a merged into its args, named NAME or generated from --generate-name (default: the template's name and \"-\"). The run starts at once.",
      flags: [
        {
          name: 'from',
          takesValue: true,
          valueName: 'NAME',
          description: 'the AnalysisTemplate (or with --global the ClusterAnalysisTemplate) to run',
        },
        {
          name: 'from-file',
          takesValue: true,
          type: 'file',
          valueName: 'FILE',
          description: 'the template in a file (YAML or JSON)',
        },
        {
          name: 'global',
          takesValue: false,
          description: 'read a ClusterAnalysisTemplate rather than an AnalysisTemplate',
        },
        {
          name: 'argument',
          short: 'a',
          takesValue: true,
          valueName: 'NAME=VALUE',
          description: 'a value for an argument of the template',
          repeatable: true,
        },
        { name: 'name', takesValue: true, valueName: 'NAME', description: 'the name of the run' },
        {
          name: 'generate-name',
          takesValue: true,
          valueName: 'PREFIX',
          description: 'name the run PREFIX and five random characters',
        },
        {
          name: 'instance-id',
          takesValue: true,
          valueName: 'ID',
          description:
            "label the run for the controller of this instance id (replaces the template's labels, as Argo does)",
        },
      ],
      examples: [
        'sluice create analysisrun --from success-rate -a service-name=colorapi',
        'sluice create analysisrun --global --from error-budget --name budget-check',
        'sluice create analysisrun --from-file analysis/success-rate.yaml -a service-name=colorapi',
      ],
    },
  ],
};
