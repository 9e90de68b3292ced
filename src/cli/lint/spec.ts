// `sluice lint -f FILE|DIR...`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';

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
  flags: [MANIFESTS],
  notes: [
    'Prints one line per problem, "file:line: field.path: message" ("... warning: message" for a',
    'warning), and exits 1 if any problem is an error; warnings alone exit 0.',
  ],
  examples: ['sluice lint -f examples/canary'],
};
