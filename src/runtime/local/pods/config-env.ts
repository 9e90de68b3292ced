// A container's environment from its manifest, as kubelet builds it: `envFrom` first (each
// ConfigMap's or Secret's keys, with the prefix), then `env` in order (`value` with `$(VAR)` of
// what is set so far, or `valueFrom` a pod field, a ConfigMap key or a Secret key). A missing
// object or key that is not `optional` keeps the container from starting, with kubelet's reason
// (CreateContainerConfigError) and message. `resourceFieldRef` is resource-fields.ts.
import type { Container, EnvVar } from '../../../api/types/pod.ts';
import { valueText, type ConfigKind, type ConfigLookup } from '../config/config-data.ts';
import { resourceFieldValue, type NodeAllocatable, type ResourceFieldRef } from './resource-fields.ts';
import { expandVariables } from './variable-expansion.ts';

/** What `valueFrom` reads of the pod. */
export interface PodFields {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ip: string;
  uid?: string;
  /** spec.serviceAccountName (the API server's default: `default`). */
  serviceAccountName?: string;
  /** The pod's containers, for a resourceFieldRef naming another one (`containerName`). */
  containers?: readonly Container[];
  /** The node's allocatable, for a resourceFieldRef to a limit the container does not set. */
  node?: NodeAllocatable;
}

export interface EnvProblem {
  reason: 'CreateContainerConfigError';
  message: string;
}

/** Names kubelet accepts from envFrom (a key that is not one is skipped, as kubelet skips it). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Adds the container's envFrom and env to `env` (which holds what lies underneath: the image's
 * and the runtime's variables); `$(VAR)` sees `env` as built so far.
 */
export function resolveContainerEnv(
  container: Container,
  pod: PodFields,
  config: ConfigLookup | undefined,
  env: Record<string, string>,
): { env: Record<string, string> } | { problem: EnvProblem } {
  for (const source of (container['envFrom'] ?? []) as EnvFromSource[]) {
    const ref = source.configMapRef ?? source.secretRef;
    const kind: ConfigKind = source.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref?.name) continue;
    const object = config?.get(kind, pod.namespace, ref.name);
    if (!object) {
      if (ref.optional === true) continue;
      return { problem: missingObject(kind, ref.name, `envFrom of container "${container.name}"`) };
    }
    for (const key of Object.keys(object.data)) {
      const name = `${source.prefix ?? ''}${key}`;
      if (ENV_NAME.test(name)) env[name] = valueText(object, key) ?? '';
    }
  }
  for (const variable of container.env ?? []) {
    const value = envValue(variable, container, pod, config, (name) => env[name]);
    if (value === undefined) continue;
    if (typeof value !== 'string') return { problem: value };
    env[variable.name] = value;
  }
  return { env };
}

interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

/** The variable's value; undefined when an optional source is missing (the variable is left unset). */
function envValue(
  variable: EnvVar,
  container: Container,
  pod: PodFields,
  config: ConfigLookup | undefined,
  lookup: (name: string) => string | undefined,
): string | EnvProblem | undefined {
  const from = variable.valueFrom;
  if (from === undefined) return expandVariables(variable.value ?? '', lookup);
  const where = `env ${variable.name} of container "${container.name}"`;
  const keyRef = (from['configMapKeyRef'] ?? from['secretKeyRef']) as KeyRef | undefined;
  if (keyRef) {
    const kind: ConfigKind = from['configMapKeyRef'] ? 'ConfigMap' : 'Secret';
    const object = keyRef.name ? config?.get(kind, pod.namespace, keyRef.name) : undefined;
    if (!object) return keyRef.optional === true ? undefined : missingObject(kind, keyRef.name ?? '', where);
    const value = valueText(object, keyRef.key ?? '');
    if (value !== undefined) return value;
    if (keyRef.optional === true) return undefined;
    return {
      reason: 'CreateContainerConfigError',
      message: `couldn't find key ${keyRef.key ?? ''} in ${kind} ${pod.namespace}/${keyRef.name} (${where}); add the key to the ${kind} and apply it, or set optional: true`,
    };
  }
  const resourceRef = from['resourceFieldRef'] as ResourceFieldRef | undefined;
  if (resourceRef) {
    if (!pod.node)
      return { reason: 'CreateContainerConfigError', message: `${where}: the node's allocatable is not known here` };
    const resolved = resourceFieldValue(resourceRef, container, pod.containers ?? [container], pod.node);
    if ('value' in resolved) return resolved.value;
    return { reason: 'CreateContainerConfigError', message: `${where}: ${resolved.problem}` };
  }
  const fieldPath = (from['fieldRef'] as { fieldPath?: string } | undefined)?.fieldPath;
  const value = fieldPath === undefined ? undefined : podField(pod, fieldPath);
  if (value !== undefined) return value;
  const source = fieldPath ?? Object.keys(from).join(', ');
  return {
    reason: 'CreateContainerConfigError',
    message: `${where}: valueFrom ${source} is not available (fieldRef supports ${FIELD_PATHS}; valueFrom also takes resourceFieldRef, configMapKeyRef and secretKeyRef); set value instead`,
  };
}

function missingObject(kind: ConfigKind, name: string, where: string): EnvProblem {
  return {
    reason: 'CreateContainerConfigError',
    message: `${kind.toLowerCase()} "${name}" not found (${where}); apply it with "sluice apply -f FILE" (the pod starts once it exists), or set optional: true`,
  };
}

const FIELD_PATHS =
  "metadata.name, metadata.namespace, metadata.uid, metadata.labels['...'], metadata.annotations['...'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP and status.podIPs";

/** The fields kubelet gives env through fieldRef; a missing label or annotation is empty. */
function podField(pod: PodFields, fieldPath: string): string | undefined {
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? pod.labels : pod.annotations)[keyed[2] ?? ''] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'metadata.uid':
      return pod.uid ?? '';
    case 'spec.nodeName':
      return 'local';
    case 'spec.serviceAccountName':
      return pod.serviceAccountName || 'default';
    // One address each: the IPs lists are comma-separated, as kubelet joins them.
    case 'status.podIP':
    case 'status.podIPs':
    case 'status.hostIP':
    case 'status.hostIPs':
      return pod.ip;
    default:
      return undefined;
  }
}
