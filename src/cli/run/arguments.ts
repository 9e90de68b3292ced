// Options of `sluice run`.
import { stateDirOf } from '../../runtime/local/api/state-files.ts';
import { walkOptions } from '../shared/option-walk.ts';

export interface RunArguments {
  filenames: string[];
  imagesFile?: string;
  gatewayPort?: number;
  apiPort?: number;
  stateDir: string;
  prometheus: boolean;
  help: boolean;
}

export class ArgumentError extends Error {}

export const RUN_HELP = `usage: sluice run -f FILE|DIR [-f ...] [--images FILE] [--gateway-port N] [--api-port N] [--state-dir DIR] [--prometheus]

Runs the manifests on this machine until interrupted (Ctrl-C): pods are local processes, Services
and Istio VirtualServices are served by an embedded proxy, rollouts progress as in a cluster.
Change what runs with "sluice apply -f", remove it with "sluice delete -f".

options:
  -f, --filename FILE|DIR   manifests to run (repeatable; directories are read recursively)
  --images FILE             image catalogue: what to run for each image (see docs/local-pods.md)
  --gateway-port N          port of the mesh gateway on 127.0.0.1 (default: a free port)
  --api-port N              port of the local API on 127.0.0.1 (default: a free port)
  --state-dir DIR           where objects and runtime.json live (default: $SLUICE_STATE_DIR or .sluice)
  --prometheus              write a scrape configuration and start the installed Prometheus
  -h, --help                show this help`;

function portOf(flag: string, value: string | undefined): number {
  const port = Number(value);
  if (value === undefined || !Number.isInteger(port) || port < 1 || port > 65535) throw new ArgumentError(`${flag} needs a port number between 1 and 65535, got ${JSON.stringify(value ?? '')}`);
  return port;
}

export function parseRunArguments(args: readonly string[], env: NodeJS.ProcessEnv): RunArguments {
  const filenames: string[] = [];
  let imagesFile: string | undefined;
  let gatewayPort: number | undefined;
  let apiPort: number | undefined;
  let stateDir: string | undefined;
  let prometheus = false;
  let help = false;
  walkOptions(args, (flag, value, arg) => {
    if (flag === '-h' || flag === '--help') help = true;
    else if (flag === '-f' || flag === '--filename') filenames.push(value());
    else if (flag === '--images') imagesFile = value();
    else if (flag === '--gateway-port') gatewayPort = portOf(flag, value());
    else if (flag === '--api-port') apiPort = portOf(flag, value());
    else if (flag === '--state-dir') stateDir = value();
    else if (flag === '--prometheus') prometheus = true;
    else throw new ArgumentError(`unknown argument "${arg}"; see sluice run --help`);
  }, (message) => new ArgumentError(message));
  if (!help && filenames.length === 0) throw new ArgumentError('no manifests given; use -f FILE|DIR (repeatable)');
  return {
    filenames,
    ...(imagesFile !== undefined ? { imagesFile } : {}),
    ...(gatewayPort !== undefined ? { gatewayPort } : {}),
    ...(apiPort !== undefined ? { apiPort } : {}),
    stateDir: stateDirOf(stateDir, env),
    prometheus,
    help,
  };
}
