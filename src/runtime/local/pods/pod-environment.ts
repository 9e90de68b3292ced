// What every local pod shares: the image catalogue, the endpoint feed, restart and drain timing,
// the environment processes inherit, and where their output goes.
import { statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type { ConfigLookup, ConfigObject } from '../config/config-data.ts';
import { builtInCatalogue, type ImageCatalogue } from '../images/catalogue.ts';
import type { ContainerImages } from '../images/container-engine.ts';
import { freeLoopbackPort } from '../../../platform/free-port.ts';
import { PodEndpoints } from './pod-endpoints.ts';
import type { PodRecords } from './pod-records.ts';
import type { NodeAllocatable } from './resource-fields.ts';
import { KUBELET_BACKOFF, type BackoffSettings } from '../../../platform/process/restart-backoff.ts';

export interface PodOutput {
  namespace: string;
  pod: string;
  container: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface PodEnvironment {
  catalogue: ImageCatalogue;
  /** The container engine's images: an image the catalogue does not list runs as a container when the engine has it. */
  containers?: ContainerImages;
  endpoints: PodEndpoints;
  backoff: BackoffSettings;
  /** The longest a stopping pod waits for its in-flight requests before SIGTERM. */
  drainTimeoutMs: number;
  /** Variables every process inherits from the runtime (the manifest's env overrides them). */
  hostEnv: Record<string, string>;
  allocatePort: () => Promise<number>;
  onOutput?: (output: PodOutput) => void;
  /**
   * Where pods of ReplicaSets are recorded (the runtime's state directory): their output goes to
   * files, and a runtime started after this one died adopts the pods still running.
   */
  records?: PodRecords;
  /** The ConfigMaps and Secrets that env, envFrom and volumes name. */
  config?: ConfigSource;
  /**
   * Variables under the manifest's env of a process pod (`sluice run`: the mesh as HTTP proxy, for
   * cluster DNS names, naming the pod's namespace so that short names resolve in it).
   */
  meshEnv?: (pod: { namespace: string; name: string }) => Record<string, string>;
  /** The mesh gateway's loopback port (`sluice run`): containers get it as their HTTP proxy (engine-network.ts). */
  meshGatewayPort?: number;
  /** Where the files of the pods' volumes are written (`sluice run`: `<stateDir>/volumes`). */
  volumeRoot: string;
  /** The node's allocatable (this machine's), for `resourceFieldRef` to a limit a container does not set. */
  node: NodeAllocatable;
}

/** ConfigMaps and Secrets, with their changes. */
export interface ConfigSource extends ConfigLookup {
  subscribe(listener: (object: ConfigObject) => void): () => void;
}

/** Host variables a program usually needs to run at all; nothing else of the runtime's environment leaks into pods. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SHELL', 'SYSTEMROOT'];

export function hostEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 5_000;

/**
 * This machine as a node's allocatable: its cores, its memory and the size of the root
 * filesystem (a node reserves nothing for system daemons here).
 */
export function machineAllocatable(): NodeAllocatable {
  let ephemeralStorageBytes = 0;
  try {
    const disk = statfsSync('/');
    ephemeralStorageBytes = disk.blocks * disk.bsize;
  } catch {
    // Unknown: a limit read from it is 0.
  }
  return { cpu: os.availableParallelism(), memoryBytes: os.totalmem(), ephemeralStorageBytes };
}

export function podEnvironment(overrides: Partial<PodEnvironment> = {}): PodEnvironment {
  return {
    catalogue: builtInCatalogue(),
    endpoints: new PodEndpoints(),
    backoff: KUBELET_BACKOFF,
    drainTimeoutMs: DEFAULT_DRAIN_TIMEOUT_MS,
    hostEnv: hostEnvironment(),
    allocatePort: () => freeLoopbackPort(),
    volumeRoot: path.join(os.tmpdir(), `sluice-volumes-${process.pid}`),
    node: overrides.node ?? machineAllocatable(),
    ...overrides,
  };
}
