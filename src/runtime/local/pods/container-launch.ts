// What to run for a container: the program, its arguments, environment and directory, from the
// container's command/args/env and, for the parts it leaves out, the image catalogue, with the
// same precedence as a container runtime (command replaces the entrypoint, args the default
// arguments, container env overrides image env).
import type { Container } from '../../../api/types/pod.ts';
import type { ConfigLookup } from '../config/config-data.ts';
import { resolveContainerEnv, type PodFields } from './config-env.ts';
import type { ProcessPlan } from '../../../platform/process/process-group.ts';
import { catalogueExample, findImage, type ImageCatalogue } from '../images/catalogue.ts';
import type { EngineImage } from '../images/container-engine.ts';
import type { ContainerMeshProxy } from '../images/engine-network.ts';
import { planContainerRun, podHostname, type EngineContainer, type HostMount } from './container-run.ts';
import type { ContainerPorts } from './container-ports.ts';
import { expandVariables } from './variable-expansion.ts';

/** What `valueFrom.fieldRef` reads of the pod. */
export type PodIdentity = PodFields;

/** The process a container runs; for a container of an engine, the engine's run command. */
export type LaunchPlan = ProcessPlan & { container?: EngineContainer };

/** Why a container cannot start, as kubelet names it in a Waiting state. */
export interface LaunchProblem {
  reason: 'ImageNotInCatalogue' | 'ErrImageNeverPull' | 'CreateContainerConfigError' | 'ContainerCreating';
  message: string;
}

export interface LaunchInputs {
  container: Container;
  catalogue: ImageCatalogue;
  pod: PodIdentity;
  /** Variables the runtime provides ($PORT, $SLUICE_PORT_*, ...); they win over the manifest's. */
  runtimeEnv: Record<string, string>;
  /** What every process inherits from the runtime (PATH, HOME, ...): the manifest may override it. */
  hostEnv: Record<string, string>;
  /** What the container engine knows of an image the catalogue does not list (for the error when neither runs it). */
  engineImage?: EngineImage;
  /** The ConfigMaps and Secrets that env and envFrom may name. */
  config?: ConfigLookup;
  /** Variables under the image's and the manifest's (the mesh as HTTP proxy). */
  meshEnv?: Record<string, string>;
}

export function planLaunch({
  container,
  catalogue,
  pod,
  runtimeEnv,
  hostEnv,
  engineImage,
  config,
  meshEnv,
}: LaunchInputs): LaunchPlan | LaunchProblem {
  const image = container.image ? findImage(catalogue, container.image) : undefined;
  const hasCommand = (container.command?.length ?? 0) > 0;
  if (!hasCommand && !image) return missingCommand(container, engineImage);

  const base = { ...hostEnv, ...(meshEnv ?? {}), ...(image?.env ?? {}), ...runtimeEnv };
  const resolved = resolveContainerEnv(container, pod, config, base);
  if ('problem' in resolved) return resolved.problem;
  const env = { ...resolved.env, ...runtimeEnv };

  const argv = hasCommand
    ? [...(container.command ?? []), ...(container.args ?? [])]
    : [...(image?.command ?? []), ...(container.args ?? image?.args ?? [])];
  const expanded = argv.map((part) => expandVariables(part, (name) => env[name]));
  const [program, ...args] = expanded;
  if (program === undefined || program === '') return missingCommand(container, engineImage);
  const cwd = container.workingDir ?? image?.workingDir;
  return { program, args, env, ...(cwd ? { cwd } : {}) };
}

export interface ContainerLaunchInputs {
  container: Container;
  pod: PodIdentity;
  engine: EngineContainer['engine'];
  /** The container's name in the engine. */
  name: string;
  ports: ContainerPorts;
  gracePeriodSeconds: number;
  /** What the engine program itself inherits (PATH, HOME, ...). */
  hostEnv: Record<string, string>;
  config?: ConfigLookup;
  /** The pod's volumes this container mounts, as host paths. */
  mounts?: HostMount[];
  /** The mesh gateway as the container reaches it, for its HTTP proxy. */
  meshProxy?: ContainerMeshProxy;
  /** The pod's spec.hostname, when set (else the pod's name is the hostname). */
  hostname?: string;
}

/**
 * A container that runs in the engine: only the manifest's env is passed (the image's ENV stays
 * underneath it, as in a cluster); `$(VAR)` refers to earlier variables of the manifest.
 */
export function planContainerLaunch(inputs: ContainerLaunchInputs): LaunchPlan | LaunchProblem {
  const { container, pod } = inputs;
  const resolved = resolveContainerEnv(container, pod, inputs.config, {});
  if ('problem' in resolved) return resolved.problem;
  const { env } = resolved;
  const expand = (part: string) => expandVariables(part, (name) => env[name]);
  const expanded: Container = {
    ...container,
    ...(container.command ? { command: container.command.map(expand) } : {}),
    ...(container.args ? { args: container.args.map(expand) } : {}),
  };
  return planContainerRun({
    engine: inputs.engine,
    container: expanded,
    name: inputs.name,
    env,
    ports: inputs.ports,
    gracePeriodSeconds: inputs.gracePeriodSeconds,
    labels: { 'io.sluice.pod': `${pod.namespace}/${pod.name}`, 'io.sluice.container': container.name },
    hostEnv: inputs.hostEnv,
    mounts: inputs.mounts ?? [],
    hostname: podHostname(pod.name, inputs.hostname),
    ...(inputs.meshProxy
      ? { meshProxy: inputs.meshProxy, meshProxyClient: { namespace: pod.namespace, name: pod.name } }
      : {}),
  });
}

export function isLaunchProblem(value: LaunchPlan | LaunchProblem): value is LaunchProblem {
  return 'reason' in value;
}

function missingCommand(container: Container, engineImage?: EngineImage): LaunchProblem {
  if (!container.image) {
    return {
      reason: 'CreateContainerConfigError',
      message: `container "${container.name}" has neither a command nor an image; set spec.containers[].command`,
    };
  }
  const engine = engineImage?.engine;
  if (engine && !engineImage.present) {
    return {
      reason: 'ErrImageNeverPull',
      message:
        `container "${container.name}": image "${container.image}" is neither in the image catalogue nor among ${engine.name}'s local images, and the local runtime never pulls. ` +
        `Make it local first: "${engine.name} pull ${container.image}", "${engine.name} build -t ${container.image} DIR" or "${engine.name} load -i FILE.tar"; ` +
        `or add it to the file given with --images FILE, for example:\n${catalogueExample(container.image)}`,
    };
  }
  return {
    reason: 'ImageNotInCatalogue',
    message:
      `container "${container.name}": image "${container.image}" is not in the image catalogue` +
      (engineImage?.missing ? ` and ${engineImage.missing}` : '') +
      `, so the local runtime does not know what to run. ` +
      `Add it to the file given with --images FILE, for example:\n${catalogueExample(container.image)}\n(or set the container's command)`,
  };
}
