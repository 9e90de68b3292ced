// The files of a pod's volumes on the host, under `<root>/<namespace>_<pod>/`: each volume in
// `volumes/<name>/`, written atomically (a reader sees the old file or the new one, and a file
// bound into a container by itself, as a subPath mount is, keeps its old content, as in
// Kubernetes), with files the object no longer has removed. A process container sees its mounts
// under its own root folder (`containers/<container>/<mountPath>`, symbolic links to the volumes),
// which it gets as $SLUICE_ROOT; an engine container gets each mount bound at its mountPath.
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type { Container } from '../../../api/types/pod.ts';
import { mountsOf, type PlannedVolume } from './config-volumes.ts';
import type { HostMount } from './container-run.ts';

export class PodVolumes {
  readonly #dir: string;
  readonly #readOnly = new Map<string, boolean>();

  constructor(root: string, namespace: string, pod: string) {
    this.#dir = path.join(root, `${namespace}_${pod}`);
  }

  /** Writes (or rewrites) a volume's files. */
  write(volume: PlannedVolume): void {
    const folder = this.#volumeDir(volume.name);
    mkdirSync(folder, { recursive: true, mode: 0o755 });
    this.#readOnly.set(volume.name, volume.readOnly);
    const keep = new Set<string>();
    for (const file of volume.files) {
      const target = path.join(folder, file.path);
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, file.bytes, { mode: file.mode });
      chmodSync(temporary, file.mode);
      renameSync(temporary, target);
      keep.add(path.normalize(file.path));
    }
    // An emptyDir keeps what the pod writes; a projected volume holds only its object's keys.
    if (volume.source) for (const file of filesUnder(folder)) if (!keep.has(file)) rmSync(path.join(folder, file));
  }

  /** The container's mounts as host paths, for the engine (`--volume`). */
  hostMounts(container: Container): HostMount[] {
    return mountsOf(container).map((mount) => ({
      hostPath: this.#source(mount.volume, mount.subPath),
      mountPath: mount.mountPath,
      readOnly: mount.readOnly || (this.#readOnly.get(mount.volume) ?? false),
    }));
  }

  /** The folder a process container sees as its `/`, with a link at each mountPath; undefined when it mounts nothing. */
  processRoot(container: Container): string | undefined {
    const mounts = mountsOf(container);
    if (mounts.length === 0) return undefined;
    const root = path.join(this.#dir, 'containers', container.name);
    rmSync(root, { recursive: true, force: true });
    for (const mount of mounts) {
      const link = path.join(root, mount.mountPath);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(this.#source(mount.volume, mount.subPath), link);
    }
    return root;
  }

  /** Removes every file of the pod (after its containers stopped). */
  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #volumeDir(name: string): string {
    return path.join(this.#dir, 'volumes', name);
  }

  /** The volume's folder, or the file or folder a subPath names in it (a missing subPath becomes a folder, as kubelet makes it). */
  #source(volume: string, subPath: string | undefined): string {
    const folder = this.#volumeDir(volume);
    if (subPath === undefined) return folder;
    const target = path.join(folder, subPath);
    try {
      statSync(target);
    } catch {
      mkdirSync(target, { recursive: true });
    }
    return target;
  }
}

/** Every file under a folder, as paths relative to it. */
function filesUnder(folder: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(folder, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(folder, relative));
    else found.push(relative);
  }
  return found;
}
