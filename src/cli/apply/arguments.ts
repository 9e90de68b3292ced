// Options of `sluice apply` and `sluice delete`: the manifests and where the runtime is.
import { stateDirOf } from '../../runtime/local/api/state-files.ts';
import { walkOptions } from '../shared/option-walk.ts';

export interface ManifestCommandArguments {
  filenames: string[];
  stateDir: string;
  help: boolean;
}

export class ArgumentError extends Error {}

export function parseManifestCommandArguments(command: string, args: readonly string[], env: NodeJS.ProcessEnv): ManifestCommandArguments {
  const filenames: string[] = [];
  let stateDir: string | undefined;
  let help = false;
  walkOptions(args, (flag, value, arg) => {
    if (flag === '-h' || flag === '--help') help = true;
    else if (flag === '-f' || flag === '--filename') filenames.push(value());
    else if (flag === '--state-dir') stateDir = value();
    else throw new ArgumentError(`unknown argument "${arg}"; see sluice ${command} --help`);
  }, (message) => new ArgumentError(message));
  if (!help && filenames.length === 0) throw new ArgumentError('no manifests given; use -f FILE|DIR (repeatable)');
  return { filenames, stateDir: stateDirOf(stateDir, env), help };
}
