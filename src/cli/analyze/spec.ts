// `sluice analyze -f FILE...`: its spec (parser, help, completion).
import { MANIFESTS } from '../lint/spec.ts';
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'analyze',
  summary: 'run an analysis on this machine',
  description:
    'Runs an analysis on this machine until it ends, as a rollout would run it: the metrics of an AnalysisTemplate (or ClusterAnalysisTemplate, or an AnalysisRun) are measured against your real Prometheus, web endpoints and jobs, and each measurement is shown as it comes. Use it to try a template before you trust a rollout to it.',
  flags: [
    {
      ...MANIFESTS,
      description: 'manifests holding the template (and templates it refers to)',
      required: 'no manifests given; use -f FILE (the AnalysisTemplate to run)',
    },
    {
      name: 'template',
      takesValue: true,
      valueName: 'NAME',
      description: 'the template to run, when the files hold more than one',
    },
    {
      name: 'arg',
      takesValue: true,
      valueName: 'NAME=VALUE',
      description: "a value for one of the template's args",
      repeatable: true,
    },
    {
      name: 'output',
      short: 'o',
      takesValue: true,
      valueName: 'FORMAT',
      description: 'json: print the final AnalysisRun as JSON on stdout (progress goes to stderr)',
      choices: ['text', 'json'],
      default: 'text',
    },
  ],
  notes: [
    'exit status: 0 Successful, 1 Failed or Error (or bad input), 2 Inconclusive.',
    'Ctrl-C terminates the run (running jobs are stopped); a second Ctrl-C quits at once.',
  ],
  examples: ['sluice analyze -f analysis/success-rate.yaml --arg service-name=colorapi'],
};
