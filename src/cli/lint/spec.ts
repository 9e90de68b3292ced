// `sluice lint -f FILE|DIR...`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';
import { RUNTIMES } from '../../api/runtime-routing.ts';

/** `-f FILE|DIR`, repeatable: the manifests of lint, analyze, run, apply and delete. */
export const MANIFESTS: FlagSpec = {
  name: 'filename',
  short: 'f',
  takesValue: true,
  type: 'path',
  valueName: 'FILE|DIR',
  description: 'a manifest file or a directory of manifests (read recursively)',
  repeatable: true,
  required: 'no manifests given; use -f FILE|DIR (repeatable)',
};

export const spec: CommandSpec = {
  name: 'lint',
  summary: 'check manifests',
  description:
    'Checks Argo Rollouts manifests (Rollout, AnalysisTemplate, ClusterAnalysisTemplate, AnalysisRun, Experiment) and the objects they refer to (Service, Deployment, Istio VirtualService and DestinationRule). Directories are read recursively (*.yaml, *.yml, *.json); all documents are checked together so references between them are resolved.',
  flags: [
    MANIFESTS,
    {
      name: 'runtime',
      takesValue: true,
      valueName: 'NAME',
      choices: RUNTIMES,
      description:
        "also say how this runtime routes each Rollout's traffic: local (sluice run; a router it cannot route is an error) or cluster (sluice controller)",
    },
  ],
  notes: [
    'Prints one line per problem, "file:line: field.path: message" ("... warning: message" for a',
    'warning), and exits 1 if any problem is an error; warnings alone exit 0. With --runtime, a',
    'line "... note: message" per traffic router says how that runtime routes it; notes change no',
    'exit status.',
  ],
  examples: ['sluice lint -f examples/canary', 'sluice lint --runtime local -f examples/istio-host-split'],
};
