// What to run for a container: the program, its arguments, environment and directory, from the
// container's command/args/env and, for the parts it leaves out, the image catalogue, with the
// same precedence as a container runtime (command replaces the entrypoint, args the default
// arguments, container env overrides image env).
import type { Container, EnvVar } from '../../../api/types/pod.ts';
import type { ProcessPlan } from '../../../platform/process/process-group.ts';
import { catalogueExample, findImage, type ImageCatalogue } from '../images/catalogue.ts';
import { expandVariables } from './variable-expansion.ts';

export interface PodIdentity {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ip: string;
}

/** The process a container runs. */
export type LaunchPlan = ProcessPlan;

/** Why a container cannot start, as kubelet names it in a Waiting state. */
export interface LaunchProblem {
  reason: 'ImageNotInCatalogue' | 'CreateContainerConfigError';
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
}

export function planLaunch({
  container,
  catalogue,
  pod,
  runtimeEnv,
  hostEnv,
}: LaunchInputs): LaunchPlan | LaunchProblem {
  const image = container.image ? findImage(catalogue, container.image) : undefined;
  const hasCommand = (container.command?.length ?? 0) > 0;
  if (!hasCommand && !image) return missingCommand(container);

  const env: Record<string, string> = { ...hostEnv, ...(image?.env ?? {}), ...runtimeEnv };
  for (const variable of container.env ?? []) {
    const value = envValue(variable, pod, (name) => env[name]);
    if (typeof value !== 'string') return value;
    env[variable.name] = value;
  }
  Object.assign(env, runtimeEnv);

  const argv = hasCommand
    ? [...(container.command ?? []), ...(container.args ?? [])]
    : [...(image?.command ?? []), ...(container.args ?? image?.args ?? [])];
  const expanded = argv.map((part) => expandVariables(part, (name) => env[name]));
  const [program, ...args] = expanded;
  if (program === undefined || program === '') return missingCommand(container);
  const cwd = container.workingDir ?? image?.workingDir;
  return { program, args, env, ...(cwd ? { cwd } : {}) };
}

export function isLaunchProblem(value: LaunchPlan | LaunchProblem): value is LaunchProblem {
  return 'reason' in value;
}

function missingCommand(container: Container): LaunchProblem {
  if (!container.image) {
    return {
      reason: 'CreateContainerConfigError',
      message: `container "${container.name}" has neither a command nor an image; set spec.containers[].command`,
    };
  }
  return {
    reason: 'ImageNotInCatalogue',
    message:
      `container "${container.name}": image "${container.image}" is not in the image catalogue, so the local runtime does not know what to run. ` +
      `Add it to the file given with --images FILE, for example:\n${catalogueExample(container.image)}\n(or set the container's command)`,
  };
}

function envValue(
  variable: EnvVar,
  pod: PodIdentity,
  lookup: (name: string) => string | undefined,
): string | LaunchProblem {
  if (variable.valueFrom === undefined) return expandVariables(variable.value ?? '', lookup);
  const fieldRef = variable.valueFrom['fieldRef'] as { fieldPath?: string } | undefined;
  const fieldPath = fieldRef?.fieldPath;
  const value = fieldPath === undefined ? undefined : podField(pod, fieldPath);
  if (value !== undefined) return value;
  const source = fieldPath ?? Object.keys(variable.valueFrom).join(', ');
  return {
    reason: 'CreateContainerConfigError',
    message: `env ${variable.name}: valueFrom ${source} is not available in the local runtime (it supports fieldRef to metadata.name, metadata.namespace, metadata.labels['...'], metadata.annotations['...'], status.podIP, status.hostIP, spec.nodeName); set value instead`,
  };
}

function podField(pod: PodIdentity, fieldPath: string): string | undefined {
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? pod.labels : pod.annotations)[keyed[2] ?? ''] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'status.podIP':
    case 'status.hostIP':
      return pod.ip;
    case 'spec.nodeName':
      return 'local';
    default:
      return undefined;
  }
}
