// Options of `sluice lint`.

export interface LintArguments {
  filenames: string[];
  help: boolean;
}

export class ArgumentError extends Error {}

export function parseLintArguments(args: readonly string[]): LintArguments {
  const filenames: string[] = [];
  let help = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
    } else if (arg === '-f' || arg === '--filename') {
      const value = args[index + 1];
      if (value === undefined || value === '') throw new ArgumentError(`${arg} needs a file or directory name after it`);
      filenames.push(value);
      index++;
    } else if (arg.startsWith('--filename=') || arg.startsWith('-f=')) {
      filenames.push(arg.slice(arg.indexOf('=') + 1));
    } else {
      throw new ArgumentError(`unknown argument "${arg}"; use -f FILE|DIR (repeatable)`);
    }
  }
  if (!help && filenames.length === 0) throw new ArgumentError('no manifests given; use -f FILE|DIR (repeatable)');
  return { filenames, help };
}

export const LINT_HELP = `usage: sluice lint -f FILE|DIR [-f FILE|DIR ...]

Checks Argo Rollouts manifests (Rollout, AnalysisTemplate, ClusterAnalysisTemplate, AnalysisRun,
Experiment) and the objects they refer to (Service, Deployment, Istio VirtualService and
DestinationRule). Directories are read recursively (*.yaml, *.yml, *.json); all documents are
checked together so references between them are resolved.

Prints one line per problem, "file:line: field.path: message" ("... warning: message" for a
warning), and exits 1 if any problem is an error; warnings alone exit 0.

options:
  -f, --filename FILE|DIR   a manifest file or a directory of manifests (repeatable)
  -h, --help                show this help`;
