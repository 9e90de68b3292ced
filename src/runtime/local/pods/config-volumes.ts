// The pod's volumes that local pods support, as the files to write: a `configMap` or `secret`
// volume holds a file per key (or per `items` entry, at its `path`, with its `mode`, else
// `defaultMode`, else 0644), an `emptyDir` an empty folder. A mounted volume whose object or key
// is missing (and not `optional`) keeps the pod in ContainerCreating with kubelet's FailedMount
// message; a mounted volume of another type does too, with a message saying so.
import type { Container, PodSpec } from '../../../api/types/pod.ts';
import { valueBytes, type ConfigKind, type ConfigLookup } from '../config/config-data.ts';

export interface VolumeFile {
  /** Relative to the volume's folder. */
  path: string;
  bytes: Buffer;
  mode: number;
}

export interface PlannedVolume {
  name: string;
  /** configMap and secret volumes are read-only in the container, as in Kubernetes. */
  readOnly: boolean;
  files: VolumeFile[];
  /** The ConfigMap or Secret it projects (a change to it rewrites the files). */
  source?: { kind: ConfigKind; name: string };
}

export interface VolumeMount {
  volume: string;
  mountPath: string;
  subPath?: string;
  readOnly: boolean;
}

export interface VolumeProblem {
  reason: 'ContainerCreating' | 'CreateContainerConfigError';
  message: string;
}

interface KeyToPath {
  key?: string;
  path?: string;
  mode?: number;
}

interface VolumeSpec {
  name?: string;
  configMap?: { name?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  secret?: { secretName?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  emptyDir?: unknown;
  [type: string]: unknown;
}

const DEFAULT_MODE = 0o644;

/** The volumes some container mounts, with their files now; or why the pod cannot start. */
export function planVolumes(
  spec: PodSpec,
  namespace: string,
  config: ConfigLookup | undefined,
): { volumes: PlannedVolume[] } | { problem: VolumeProblem } {
  const mounted = new Set(spec.containers.flatMap((container) => mountsOf(container).map((mount) => mount.volume)));
  const volumes: PlannedVolume[] = [];
  for (const volume of (spec['volumes'] ?? []) as VolumeSpec[]) {
    if (!volume.name || !mounted.has(volume.name)) continue;
    const planned = planVolume(volume as VolumeSpec & { name: string }, namespace, config);
    if ('problem' in planned) return planned;
    volumes.push(planned.volume);
  }
  return { volumes };
}

/** A container's volumeMounts; a mount of a volume the pod does not declare is a problem. */
export function mountsOf(container: Container): VolumeMount[] {
  return ((container['volumeMounts'] ?? []) as Array<Record<string, unknown>>).map((mount) => ({
    volume: String(mount['name'] ?? ''),
    mountPath: String(mount['mountPath'] ?? ''),
    ...(typeof mount['subPath'] === 'string' && mount['subPath'] !== '' ? { subPath: mount['subPath'] } : {}),
    readOnly: mount['readOnly'] === true,
  }));
}

/** Checks each container's mounts against the pod's volumes. */
export function mountProblem(spec: PodSpec): VolumeProblem | undefined {
  const declared = new Set(((spec['volumes'] ?? []) as VolumeSpec[]).map((volume) => volume.name));
  for (const container of spec.containers) {
    for (const mount of mountsOf(container)) {
      if (!declared.has(mount.volume))
        return {
          reason: 'CreateContainerConfigError',
          message: `container "${container.name}" mounts volume "${mount.volume}", which spec.volumes does not declare`,
        };
      if (!mount.mountPath.startsWith('/'))
        return {
          reason: 'CreateContainerConfigError',
          message: `container "${container.name}": volumeMounts "${mount.volume}" needs an absolute mountPath (got "${mount.mountPath}")`,
        };
      if (mount.subPath !== undefined && !relativePath(mount.subPath))
        return {
          reason: 'CreateContainerConfigError',
          message: `container "${container.name}": volumeMounts "${mount.volume}" subPath "${mount.subPath}" must be a relative path without ".."`,
        };
    }
  }
  return undefined;
}

function planVolume(
  volume: VolumeSpec & { name: string },
  namespace: string,
  config: ConfigLookup | undefined,
): { volume: PlannedVolume } | { problem: VolumeProblem } {
  if (volume.emptyDir !== undefined) return { volume: { name: volume.name, readOnly: false, files: [] } };
  const source = volume.configMap ?? volume.secret;
  if (!source) {
    const type = Object.keys(volume).find((key) => key !== 'name') ?? 'unknown';
    return {
      problem: failedMount(
        volume.name,
        `volumes of type ${type} are not supported by the local runtime (it supports configMap, secret and emptyDir)`,
      ),
    };
  }
  const kind: ConfigKind = volume.configMap ? 'ConfigMap' : 'Secret';
  const name = (volume.configMap ? volume.configMap.name : volume.secret?.secretName) ?? '';
  const optional = source.optional === true;
  const defaultMode = source.defaultMode ?? DEFAULT_MODE;
  const object = config?.get(kind, namespace, name);
  const planned: PlannedVolume = { name: volume.name, readOnly: true, files: [], source: { kind, name } };
  if (!object) {
    if (optional) return { volume: planned };
    return {
      problem: failedMount(
        volume.name,
        `${kind.toLowerCase()} "${name}" not found; apply it with "sluice apply -f FILE" (the pod starts once it exists), or set optional: true`,
      ),
    };
  }
  const items: KeyToPath[] =
    source.items ??
    Object.keys(object.data)
      .sort()
      .map((key) => ({ key, path: key }));
  for (const item of items) {
    const key = item.key ?? '';
    const path = item.path ?? key;
    if (!relativePath(path))
      return { problem: failedMount(volume.name, `items path "${path}" must be a relative path without ".."`) };
    const bytes = valueBytes(object, key);
    if (bytes === undefined) {
      if (optional) continue;
      return {
        problem: failedMount(
          volume.name,
          `${kind.toLowerCase()} references non-existent config key: ${key} (${kind} ${namespace}/${name})`,
        ),
      };
    }
    planned.files.push({ path, bytes, mode: item.mode ?? defaultMode });
  }
  return { volume: planned };
}

function failedMount(volume: string, why: string): VolumeProblem {
  return { reason: 'ContainerCreating', message: `MountVolume.SetUp failed for volume "${volume}" : ${why}` };
}

function relativePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').includes('..');
}
