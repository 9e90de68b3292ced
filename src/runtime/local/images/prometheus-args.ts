// The arguments of the `prom/prometheus` image, as the installed Prometheus runs them in a process
// pod. A container sees its volumes at their mountPaths and listens on its own port; a process sees
// its mounts under $SLUICE_ROOT and must listen on $PORT of the loopback address. So the paths the
// flags name are read under $SLUICE_ROOT when there is a mount there, the listen address becomes
// the pod's, and the image's defaults (its CMD and WORKDIR) are given where the args leave them out.
import path from 'node:path';

/** The image's CMD (prom/prometheus' Dockerfile): what a container with no `args` runs. */
export const PROMETHEUS_IMAGE_ARGS = [
  '--config.file=/etc/prometheus/prometheus.yml',
  '--storage.tsdb.path=/prometheus',
] as const;

/** Flags whose value is a file or folder of the container's filesystem. */
const PATH_FLAGS = new Set([
  'config.file',
  'storage.tsdb.path',
  'storage.agent.path',
  'web.config.file',
  'web.console.templates',
  'web.console.libraries',
]);

export interface ProcessPrometheus {
  args: string[];
  /** The config file the process reads (after mapping). */
  configFile: string;
  /** The storage folder the process writes, when no mount provides one (a fresh folder, like the image's anonymous volume). */
  storageWithoutMount: boolean;
}

export interface PodView {
  /** $SLUICE_ROOT: the folder in which the container's mountPaths are (unset: no volume mounts). */
  root?: string;
  /** Where the process must listen: $SLUICE_POD_IP and $PORT. */
  host: string;
  port: string;
  /** Whether a path exists on the host (to tell a mounted path from one that is not). */
  exists: (file: string) => boolean;
  /** A folder of the host for storage that no mount provides. */
  scratchStorage: string;
}

/** `--flag=value` and `--flag value` (kingpin takes both) as [flag, value, how many items]. */
function splitFlag(items: readonly string[], at: number): { flag: string; value: string | undefined; width: number } {
  const item = items[at] ?? '';
  const equals = item.indexOf('=');
  if (equals > 0) return { flag: item.slice(2, equals), value: item.slice(equals + 1), width: 1 };
  const name = item.slice(2);
  const next = items[at + 1];
  if (PATH_FLAGS.has(name) || name === 'web.listen-address') return { flag: name, value: next, width: 2 };
  return { flag: name, value: undefined, width: 1 };
}

/** The path as the process sees it: under the root when a mount (or its parent folder) is there. */
export function processPath(file: string, view: PodView): string {
  if (!view.root || !path.isAbsolute(file)) return file;
  const under = path.join(view.root, file);
  return view.exists(under) || view.exists(path.dirname(under)) ? under : file;
}

/** Maps the container's args (or the image's CMD when it gives none) for the installed Prometheus. */
export function processPrometheusArgs(containerArgs: readonly string[], view: PodView): ProcessPrometheus {
  const given = containerArgs.length > 0 ? containerArgs : PROMETHEUS_IMAGE_ARGS;
  const args: string[] = [];
  let configFile = 'prometheus.yml';
  let storage: string | undefined;
  let listens = false;
  let storageWithoutMount = false;
  for (let at = 0; at < given.length; ) {
    const item = given[at] ?? '';
    if (!item.startsWith('--')) {
      args.push(item);
      at += 1;
      continue;
    }
    const { flag, value, width } = splitFlag(given, at);
    at += width;
    if (value === undefined) {
      args.push(item);
      continue;
    }
    if (flag === 'web.listen-address') {
      listens = true;
      args.push(`--web.listen-address=${view.host}:${view.port}`);
      continue;
    }
    if (!PATH_FLAGS.has(flag)) {
      args.push(`--${flag}=${value}`);
      continue;
    }
    let mapped = processPath(value, view);
    if (flag === 'storage.tsdb.path' || flag === 'storage.agent.path') {
      storage = mapped;
      // A path that is no mount (the image's /prometheus volume): a folder of the pod's own.
      if (mapped === value && path.isAbsolute(value)) {
        mapped = view.scratchStorage;
        storageWithoutMount = true;
      }
    }
    if (flag === 'config.file') configFile = mapped;
    args.push(`--${flag}=${mapped}`);
  }
  // The image's WORKDIR is /prometheus: a relative default (data/) would land in the runtime's folder.
  if (storage === undefined && !given.includes('--enable-feature=agent')) {
    args.push(`--storage.tsdb.path=${view.scratchStorage}`);
    storageWithoutMount = true;
  }
  if (!listens) args.push(`--web.listen-address=${view.host}:${view.port}`);
  return { args, configFile, storageWithoutMount };
}
