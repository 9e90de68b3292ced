// What the runtime remembers of its running pods, so that a runtime started after the last one died
// (SIGKILL, a crash) adopts them instead of starting a second set: `<stateDir>/pods/<namespace>_<pod>/`
// holds `pod.json` (the ReplicaSet, labels, ports and, per container, the process group's pid with
// the process's start time) and the containers' output files (`<container>.stdout`, `.stderr`),
// which outlive the runtime, unlike a pipe to it. A record is written when a container (re)starts
// or the pod's metadata changes and removed once the pod has stopped. A recorded pid is only ever
// adopted or signalled while its start time is the recorded one, so a reused pid is left alone.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { writeFileAtomically } from '../../../platform/write-file-atomically.ts';
import type { MappedPort } from './container-ports.ts';
import type { AdoptableProcess } from './container-runner.ts';
import { isSameProcess } from '../../../platform/process/process-identity.ts';

/** A container's process as recorded (the fields a restarted runtime adopts it from), with its name and ports. */
export interface ContainerRecord extends AdoptableProcess {
  name: string;
  ports: MappedPort[];
}

export interface PodRecord {
  name: string;
  namespace: string;
  replicaSet: string;
  podTemplateHash: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: number;
  readySince?: number;
  containers: ContainerRecord[];
}

export interface OutputFiles {
  stdout: string;
  stderr: string;
}

export class PodRecords {
  readonly dir: string;
  readonly #claimed = new Set<string>();

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, 'pods');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The recorded pods of a ReplicaSet, claimed by the caller (stopOrphans leaves them alone). */
  claim(namespace: string, replicaSet: string, podTemplateHash: string): PodRecord[] {
    const records = this.all().filter(
      (r) => r.namespace === namespace && r.replicaSet === replicaSet && r.podTemplateHash === podTemplateHash,
    );
    for (const record of records) this.#claimed.add(keyOf(record.namespace, record.name));
    return records;
  }

  write(record: PodRecord): void {
    const dir = this.#podDir(record.namespace, record.name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomically(path.join(dir, 'pod.json'), `${JSON.stringify(record, null, 2)}\n`, 0o600);
  }

  /** Forgets a pod that has stopped, its output files with it. */
  remove(namespace: string, name: string): void {
    this.#claimed.delete(keyOf(namespace, name));
    rmSync(this.#podDir(namespace, name), { recursive: true, force: true });
  }

  /** Where a container's output goes: files in the pod's folder, appended to across restarts. */
  outputFiles(namespace: string, pod: string, container: string): OutputFiles {
    const dir = this.#podDir(namespace, pod);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const base = path.join(dir, container.replace(/[^A-Za-z0-9_.-]/g, '_'));
    const files = { stdout: `${base}.stdout`, stderr: `${base}.stderr` };
    for (const file of [files.stdout, files.stderr]) closeSync(openSync(file, 'a', 0o600));
    return files;
  }

  all(): PodRecord[] {
    let entries: string[];
    try {
      entries = readdirSync(this.dir);
    } catch {
      return [];
    }
    return entries.flatMap((entry) => {
      try {
        const record = JSON.parse(readFileSync(path.join(this.dir, entry, 'pod.json'), 'utf8')) as PodRecord;
        return typeof record.name === 'string' && Array.isArray(record.containers) ? [record] : [];
      } catch {
        return [];
      }
    });
  }

  /**
   * Kills what is left of every recorded pod that no ReplicaSet claimed and whose ReplicaSet
   * `exists` says is gone (deleted, or replaced while no runtime ran), and forgets it. Only
   * processes whose start time is the recorded one are killed. Returns the pods stopped.
   */
  stopOrphans(exists: (record: PodRecord) => boolean): string[] {
    const stopped: string[] = [];
    for (const record of this.all()) {
      if (this.#claimed.has(keyOf(record.namespace, record.name)) || exists(record)) continue;
      for (const container of record.containers) killRecordedGroup(container);
      this.remove(record.namespace, record.name);
      stopped.push(`${record.namespace}/${record.name}`);
    }
    return stopped;
  }

  #podDir(namespace: string, name: string): string {
    return path.join(this.dir, `${namespace}_${name}`);
  }
}

/** SIGKILL to a recorded container's process group, when its leader is still the recorded process. */
export function killRecordedGroup(container: Pick<ContainerRecord, 'pid' | 'startTime'>): boolean {
  if (!isSameProcess(container.pid, container.startTime)) return false;
  try {
    process.kill(-container.pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
