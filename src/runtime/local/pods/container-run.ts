// The engine command that runs a container of a local pod as a real container of its image:
// `podman run` or `docker run` in the foreground (its output is the container's, a SIGTERM to it reaches the
// container's main process), with the manifest's command, args, env, workingDir and resource
// limits, each declared port published on its loopback port, the pod's name as its hostname (as
// in Kubernetes) and the pod's grace period as the stop timeout.
import type { Container, Probe } from '../../../api/types/pod.ts';
import type { ProcessPlan } from '../../../platform/process/process-group.ts';
import type { ContainerEngine } from '../images/container-engine.ts';
import type { ContainerMeshProxy } from '../images/engine-network.ts';
import { meshProxyEnvironment, type ProxyClient } from '../mesh/cluster-names.ts';
import type { ContainerPorts } from './container-ports.ts';

/** The container a launch plan runs in an engine: exec probes and the clean-up after an exit use it. */
export interface EngineContainer {
  engine: ContainerEngine;
  /** The container's name in the engine. */
  name: string;
}

export interface ContainerRunInputs {
  engine: ContainerEngine;
  container: Container;
  /** The container's name in the engine (unique per pod and container). */
  name: string;
  /** The container's environment from the manifest (the image's own ENV stays underneath). */
  env: Record<string, string>;
  ports: ContainerPorts;
  gracePeriodSeconds: number;
  /** Labels on the engine's container, to find what a runtime started. */
  labels: Record<string, string>;
  /** Variables the engine program itself needs (PATH, HOME, ...). */
  hostEnv: Record<string, string>;
  /** Files and folders of the pod's volumes (written by the runtime) mounted into the container. */
  mounts?: HostMount[];
  /** The mesh gateway as the container reaches it: its HTTP proxy, for cluster DNS names. */
  meshProxy?: ContainerMeshProxy;
  /** The pod the container belongs to, named to the proxy (short names resolve in its namespace). */
  meshProxyClient?: ProxyClient;
  /** The container's hostname (the pod's, see podHostname). */
  hostname?: string;
}

/** A host file or folder bound into the container at `mountPath`. */
export interface HostMount {
  hostPath: string;
  mountPath: string;
  readOnly: boolean;
}

/** `sluice-<namespace>-<pod>-<container>`: an engine name (letters, digits, `_.-`). */
export function engineContainerName(namespace: string, pod: string, container: string): string {
  return `sluice-${namespace}-${pod}-${container}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * A pod's hostname as kubelet sets it: spec.hostname when set, else the pod's name, cut to 63
 * characters (a DNS label) without the `-` and `.` the cut leaves at its end.
 */
export function podHostname(podName: string, specHostname?: string): string {
  const name = specHostname || podName;
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, '');
}

export function planContainerRun(inputs: ContainerRunInputs): ProcessPlan & { container: EngineContainer } {
  const { engine, container, name, env, ports } = inputs;
  const args = ['run', '--rm', '--name', name, '--sig-proxy=true', '--stop-timeout', String(inputs.gracePeriodSeconds)];
  // podman replaces a container of the same name left by a runtime that was killed.
  if (engine.name === 'podman') args.push('--replace');
  if (inputs.hostname) args.push('--hostname', inputs.hostname);
  for (const [key, value] of Object.entries(inputs.labels)) args.push('--label', `${key}=${value}`);
  for (const port of ports.mapped) {
    if (port.containerPort === undefined) continue;
    args.push('--publish', `127.0.0.1:${port.port}:${port.containerPort}/${port.protocol.toLowerCase()}`);
  }
  // Calls to cluster DNS names go through the mesh gateway as the HTTP proxy (docs/local-pods.md),
  // reached as engine-network.ts says for each engine; the manifest's env wins.
  let variables = env;
  if (inputs.meshProxy) {
    args.push(...inputs.meshProxy.runArgs);
    variables = { ...meshProxyEnvironment(inputs.meshProxy.gateway, inputs.meshProxyClient), ...env };
  }
  // A value on the command line is readable by every user of the machine (/proc/<pid>/cmdline, ps),
  // and values come from Secrets: `--env NAME` makes the engine take the value from its own
  // environment instead. Names the engine program itself reads stay on the command line, so the
  // engine runs as it would without them.
  const engineEnv: Record<string, string> = { ...inputs.hostEnv };
  for (const [key, value] of Object.entries(variables)) {
    if (passedByName(key, inputs.hostEnv)) {
      args.push('--env', key);
      engineEnv[key] = value;
    } else args.push('--env', `${key}=${value}`);
  }
  for (const mount of inputs.mounts ?? [])
    args.push('--volume', `${mount.hostPath}:${mount.mountPath}:${mount.readOnly ? 'ro' : 'rw'}`);
  if (container.workingDir) args.push('--workdir', container.workingDir);
  args.push(...resourceFlags(container.resources));
  // Kubernetes: a command replaces the image's ENTRYPOINT and drops its CMD; args replace CMD.
  // `--entrypoint PROGRAM IMAGE REST...` means that to podman and docker alike (an entrypoint
  // given drops the image's CMD; what follows the image is the new CMD).
  const [program, ...rest] = container.command ?? [];
  if (program !== undefined) args.push('--entrypoint', program);
  args.push(container.image ?? '');
  if (program !== undefined) args.push(...rest, ...(container.args ?? []));
  else if (container.args) args.push(...container.args);
  return { program: engine.program, args, env: engineEnv, container: { engine, name } };
}

/**
 * Variables podman and docker read for themselves (their configuration, the dynamic loader, Go's
 * runtime, proxies, locale): given to the engine program they would change how it runs.
 */
const ENGINE_READS =
  /^(PATH|HOME|TMPDIR|LANG|LC_\w*|TZ|USER|SHELL|TERM|XDG_\w*|DOCKER_\w*|CONTAINERS?_\w*|_CONTAINERS_\w*|PODMAN_\w*|BUILDAH_\w*|STORAGE_\w*|REGISTRY_AUTH_FILE|NOTIFY_SOCKET|LD_\w*|GODEBUG|GOGC|GOMAXPROCS|GOMEMLIMIT|GOTRACEBACK|SSL_CERT_\w*|(?:https?|no|all|ftp)_proxy|(?:HTTPS?|NO|ALL|FTP)_PROXY)$/;

/**
 * Whether a variable goes to the engine by name only (`--env NAME`, its value in the engine's own
 * environment, out of the command line): any but the engine's own and the host's, and names the
 * engines take literally (podman reads a `*` in `--env` as a pattern).
 */
export function passedByName(key: string, hostEnv: Record<string, string>): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(key) && !ENGINE_READS.test(key) && !(key in hostEnv);
}

/** `resources.limits` as engine flags: cpu (`500m`, `2`) as --cpus, memory (`128Mi`, `1G`) as --memory in bytes. */
export function resourceFlags(resources: Record<string, unknown> | undefined): string[] {
  const limits = (resources?.['limits'] ?? {}) as Record<string, unknown>;
  const flags: string[] = [];
  const cpu = cpuCores(limits['cpu']);
  if (cpu !== undefined) flags.push('--cpus', String(cpu));
  const memory = quantityBytes(limits['memory']);
  if (memory !== undefined) flags.push('--memory', `${memory}b`);
  return flags;
}

function cpuCores(value: unknown): number | undefined {
  const text = value === undefined ? undefined : String(value);
  if (text === undefined) return undefined;
  const milli = /^(\d+)m$/.exec(text);
  const cores = milli ? Number(milli[1]) / 1000 : Number(text);
  return Number.isFinite(cores) && cores > 0 ? cores : undefined;
}

const SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

function quantityBytes(value: unknown): number | undefined {
  const match = value === undefined ? null : /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  if (!match) return undefined;
  const bytes = Math.round(Number(match[1]) * (SUFFIXES[match[2] ?? ''] ?? 1));
  return bytes > 0 ? bytes : undefined;
}

/**
 * The ports to publish: the declared ones, and numbers a probe names that are not declared (a
 * container listens on its own port numbers, so the probe needs that port published too).
 */
export function portsToPublish(
  container: Container,
): Array<{ containerPort: number; name?: string; protocol?: string }> {
  const declared = [...(container.ports ?? [])];
  const probes: Array<Probe | undefined> = [container.readinessProbe, container.livenessProbe, container.startupProbe];
  for (const probe of probes) {
    const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
    if (port === undefined || !/^\d+$/.test(String(port))) continue;
    const number = Number(port);
    if (!declared.some((p) => p.containerPort === number)) declared.push({ containerPort: number, protocol: 'TCP' });
  }
  return declared;
}
